// Colours people pick (a tag's colour) drawn as text: darkened until they read on white.

const channel = (v: number) => {
  const x = v / 255;
  return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: number[]) => 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);

/** WCAG contrast ratio of a colour against white. */
function contrastOnWhite(rgb: number[]): number {
  return 1.05 / (luminance(rgb) + 0.05);
}

/**
 * A `#rrggbb` colour darkened (mixed with black in small steps) until text in it reaches 5:1 on
 * white, which leaves room for the light tint antd puts behind a coloured tag (WCAG 2.1 AA asks
 * 4.5:1). Preset names ("blue", "success") and anything else pass through: the theme makes those readable.
 */
export function readableColor(color: string | null | undefined): string | undefined {
  if (!color) return undefined;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  let rgb = [m[1]!, m[2]!, m[3]!].map((h) => Number.parseInt(h, 16));
  while (contrastOnWhite(rgb) < 5) rgb = rgb.map((v) => Math.floor(v * 0.92));
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
