// Keyboard access to scrolling areas (WCAG 2.1.1; axe's scrollable-region-focusable): a table wider
// than the page scrolls sideways inside antd's `.ant-table-content` (or `.ant-table-body` with a
// fixed header), which a keyboard user can scroll only when it, or something in it, takes focus.
// Tables of plain text (or an empty one) have nothing focusable, so every such area that does
// scroll is made focusable here, once for the whole app, instead of in each page's tables.
import { useEffect } from 'react';

const AREAS = '.ant-table-content, .ant-table-body';

function update(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(AREAS)) {
    const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (scrolls && !el.hasAttribute('tabindex')) el.tabIndex = 0;
    else if (!scrolls && el.getAttribute('tabindex') === '0') el.removeAttribute('tabindex');
  }
}

/** Watches the page (DOM changes and window size) and keeps scrolling table areas focusable. */
export function useFocusableScrollAreas(): void {
  useEffect(() => {
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        update(document);
      });
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, []);
}
