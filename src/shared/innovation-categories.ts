// The innovation categories (合理化建议, the five smalls, …) in words, [zh-CN, en-US]: for the dashboard's
// export and for the audit log's wording of an item, which must name them alike.
export const INNOVATION_CATEGORY_NAMES = {
  rationalisation: ['合理化建议', 'Rationalisation proposal'],
  small_invention: ['小发明', 'Small invention'],
  small_creation: ['小创造', 'Small creation'],
  small_innovation: ['小革新', 'Small innovation'],
  small_design: ['小设计', 'Small design'],
  small_suggestion: ['小建议', 'Small suggestion'],
  technical_innovation: ['技术革新', 'Technical innovation'],
  advanced_method: ['先进操作法', 'Advanced operating method'],
  patent: ['发明/专利', 'Invention / patent'],
} as const satisfies Record<string, readonly [string, string]>;
