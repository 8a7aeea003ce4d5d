// The print views of a visit report and of the minutes: the page without menu, header and buttons.
/** The print view of the page: the report or the minutes without the menu, header and buttons. */
export const PRINT_CSS = `
@media print {
  @page { size: A4 portrait; margin: 15mm; }
  .ant-layout-sider, .ant-layout-header, .jx-no-print { display: none !important; }
  .ant-layout-content { margin: 0 !important; }
  .ant-card { border: none !important; box-shadow: none !important; page-break-inside: avoid; }
}
`;
