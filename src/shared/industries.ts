// 国民经济行业分类 (Industrial classification for national economic activities), GB/T 4754-2017
// as amended by 第1号修改单 (Amendment No. 1, 2019): the 20 sections (门类 A–T) and their 97
// two-digit divisions (大类 01–97), with Chinese names as published and English names after the
// UN ISIC wording where they match. Reference data shipped with the project: enterprises carry a
// division code (`industry_code`), figures are split by section.

export const INDUSTRY_VINTAGE = 'GB/T 4754-2017（含 2019 年第1号修改单）';

export interface IndustrySection {
  code: string;
  zh: string;
  en: string;
  /** First and last division of the section (two digits, inclusive). */
  from: number;
  to: number;
}

export const INDUSTRY_SECTIONS: readonly IndustrySection[] = [
  { code: 'A', zh: '农、林、牧、渔业', en: 'Agriculture, forestry, animal husbandry and fishery', from: 1, to: 5 },
  { code: 'B', zh: '采矿业', en: 'Mining', from: 6, to: 12 },
  { code: 'C', zh: '制造业', en: 'Manufacturing', from: 13, to: 43 },
  { code: 'D', zh: '电力、热力、燃气及水生产和供应业', en: 'Electricity, heat, gas and water production and supply', from: 44, to: 46 },
  { code: 'E', zh: '建筑业', en: 'Construction', from: 47, to: 50 },
  { code: 'F', zh: '批发和零售业', en: 'Wholesale and retail trade', from: 51, to: 52 },
  { code: 'G', zh: '交通运输、仓储和邮政业', en: 'Transport, storage and postal services', from: 53, to: 60 },
  { code: 'H', zh: '住宿和餐饮业', en: 'Accommodation and catering', from: 61, to: 62 },
  { code: 'I', zh: '信息传输、软件和信息技术服务业', en: 'Information transmission, software and IT services', from: 63, to: 65 },
  { code: 'J', zh: '金融业', en: 'Finance', from: 66, to: 69 },
  { code: 'K', zh: '房地产业', en: 'Real estate', from: 70, to: 70 },
  { code: 'L', zh: '租赁和商务服务业', en: 'Leasing and business services', from: 71, to: 72 },
  { code: 'M', zh: '科学研究和技术服务业', en: 'Scientific research and technical services', from: 73, to: 75 },
  { code: 'N', zh: '水利、环境和公共设施管理业', en: 'Water conservancy, environment and public facilities management', from: 76, to: 79 },
  { code: 'O', zh: '居民服务、修理和其他服务业', en: 'Resident services, repair and other services', from: 80, to: 82 },
  { code: 'P', zh: '教育', en: 'Education', from: 83, to: 83 },
  { code: 'Q', zh: '卫生和社会工作', en: 'Health and social work', from: 84, to: 85 },
  { code: 'R', zh: '文化、体育和娱乐业', en: 'Culture, sports and entertainment', from: 86, to: 90 },
  {
    code: 'S',
    zh: '公共管理、社会保障和社会组织',
    en: 'Public administration, social security and social organisations',
    from: 91,
    to: 96,
  },
  { code: 'T', zh: '国际组织', en: 'International organisations', from: 97, to: 97 },
];

/** Division code → [Chinese name, English name]. */
const DIVISIONS: Record<string, readonly [string, string]> = {
  '01': ['农业', 'Agriculture'],
  '02': ['林业', 'Forestry'],
  '03': ['畜牧业', 'Animal husbandry'],
  '04': ['渔业', 'Fishery'],
  '05': ['农、林、牧、渔专业及辅助性活动', 'Support activities for agriculture, forestry, animal husbandry and fishery'],
  '06': ['煤炭开采和洗选业', 'Mining and washing of coal'],
  '07': ['石油和天然气开采业', 'Extraction of petroleum and natural gas'],
  '08': ['黑色金属矿采选业', 'Mining and processing of ferrous metal ores'],
  '09': ['有色金属矿采选业', 'Mining and processing of non-ferrous metal ores'],
  '10': ['非金属矿采选业', 'Mining and processing of non-metallic minerals'],
  '11': ['开采专业及辅助性活动', 'Support activities for mining'],
  '12': ['其他采矿业', 'Other mining'],
  '13': ['农副食品加工业', 'Processing of agricultural and sideline food products'],
  '14': ['食品制造业', 'Manufacture of foods'],
  '15': ['酒、饮料和精制茶制造业', 'Manufacture of liquor, beverages and refined tea'],
  '16': ['烟草制品业', 'Manufacture of tobacco products'],
  '17': ['纺织业', 'Manufacture of textiles'],
  '18': ['纺织服装、服饰业', 'Manufacture of textile garments and apparel'],
  '19': ['皮革、毛皮、羽毛及其制品和制鞋业', 'Manufacture of leather, fur, feather and related products and footwear'],
  '20': ['木材加工和木、竹、藤、棕、草制品业', 'Processing of timber, manufacture of wood, bamboo, rattan, palm and straw products'],
  '21': ['家具制造业', 'Manufacture of furniture'],
  '22': ['造纸和纸制品业', 'Manufacture of paper and paper products'],
  '23': ['印刷和记录媒介复制业', 'Printing and reproduction of recording media'],
  '24': ['文教、工美、体育和娱乐用品制造业', 'Manufacture of articles for culture, education, arts and crafts, sport and entertainment'],
  '25': ['石油、煤炭及其他燃料加工业', 'Processing of petroleum, coal and other fuels'],
  '26': ['化学原料和化学制品制造业', 'Manufacture of chemical raw materials and chemical products'],
  '27': ['医药制造业', 'Manufacture of medicines'],
  '28': ['化学纤维制造业', 'Manufacture of chemical fibres'],
  '29': ['橡胶和塑料制品业', 'Manufacture of rubber and plastic products'],
  '30': ['非金属矿物制品业', 'Manufacture of non-metallic mineral products'],
  '31': ['黑色金属冶炼和压延加工业', 'Smelting and pressing of ferrous metals'],
  '32': ['有色金属冶炼和压延加工业', 'Smelting and pressing of non-ferrous metals'],
  '33': ['金属制品业', 'Manufacture of metal products'],
  '34': ['通用设备制造业', 'Manufacture of general-purpose machinery'],
  '35': ['专用设备制造业', 'Manufacture of special-purpose machinery'],
  '36': ['汽车制造业', 'Manufacture of motor vehicles'],
  '37': ['铁路、船舶、航空航天和其他运输设备制造业', 'Manufacture of railway, ship, aerospace and other transport equipment'],
  '38': ['电气机械和器材制造业', 'Manufacture of electrical machinery and equipment'],
  '39': ['计算机、通信和其他电子设备制造业', 'Manufacture of computers, communication and other electronic equipment'],
  '40': ['仪器仪表制造业', 'Manufacture of measuring instruments and meters'],
  '41': ['其他制造业', 'Other manufacturing'],
  '42': ['废弃资源综合利用业', 'Comprehensive utilisation of waste resources'],
  '43': ['金属制品、机械和设备修理业', 'Repair of metal products, machinery and equipment'],
  '44': ['电力、热力生产和供应业', 'Production and supply of electricity and heat'],
  '45': ['燃气生产和供应业', 'Production and supply of gas'],
  '46': ['水的生产和供应业', 'Production and supply of water'],
  '47': ['房屋建筑业', 'Construction of buildings'],
  '48': ['土木工程建筑业', 'Civil engineering'],
  '49': ['建筑安装业', 'Construction installation'],
  '50': ['建筑装饰、装修和其他建筑业', 'Building decoration, renovation and other construction'],
  '51': ['批发业', 'Wholesale trade'],
  '52': ['零售业', 'Retail trade'],
  '53': ['铁路运输业', 'Railway transport'],
  '54': ['道路运输业', 'Road transport'],
  '55': ['水上运输业', 'Water transport'],
  '56': ['航空运输业', 'Air transport'],
  '57': ['管道运输业', 'Pipeline transport'],
  '58': ['多式联运和运输代理业', 'Multimodal transport and transport agency'],
  '59': ['装卸搬运和仓储业', 'Loading, unloading and warehousing'],
  '60': ['邮政业', 'Postal services'],
  '61': ['住宿业', 'Accommodation'],
  '62': ['餐饮业', 'Catering'],
  '63': ['电信、广播电视和卫星传输服务', 'Telecommunications, radio and television and satellite transmission services'],
  '64': ['互联网和相关服务', 'Internet and related services'],
  '65': ['软件和信息技术服务业', 'Software and information technology services'],
  '66': ['货币金融服务', 'Monetary and financial services'],
  '67': ['资本市场服务', 'Capital market services'],
  '68': ['保险业', 'Insurance'],
  '69': ['其他金融业', 'Other financial activities'],
  '70': ['房地产业', 'Real estate'],
  '71': ['租赁业', 'Leasing'],
  '72': ['商务服务业', 'Business services'],
  '73': ['研究和试验发展', 'Research and experimental development'],
  '74': ['专业技术服务业', 'Professional technical services'],
  '75': ['科技推广和应用服务业', 'Technology promotion and application services'],
  '76': ['水利管理业', 'Water conservancy management'],
  '77': ['生态保护和环境治理业', 'Ecological protection and environmental governance'],
  '78': ['公共设施管理业', 'Public facilities management'],
  '79': ['土地管理业', 'Land management'],
  '80': ['居民服务业', 'Resident services'],
  '81': ['机动车、电子产品和日用产品修理业', 'Repair of motor vehicles, electronic products and household goods'],
  '82': ['其他服务业', 'Other services'],
  '83': ['教育', 'Education'],
  '84': ['卫生', 'Health'],
  '85': ['社会工作', 'Social work'],
  '86': ['新闻和出版业', 'News and publishing'],
  '87': ['广播、电视、电影和录音制作业', 'Radio, television, film and sound recording'],
  '88': ['文化艺术业', 'Culture and arts'],
  '89': ['体育', 'Sports'],
  '90': ['娱乐业', 'Entertainment'],
  '91': ['中国共产党机关', 'Organs of the Communist Party of China'],
  '92': ['国家机构', 'State organs'],
  '93': ['人民政协、民主党派', 'CPPCC and democratic parties'],
  '94': ['社会保障', 'Social security'],
  '95': ['群众团体、社会团体和其他成员组织', 'Mass organisations, social organisations and other membership organisations'],
  '96': ['基层群众自治组织及其他组织', 'Grassroots self-governing organisations and other organisations'],
  '97': ['国际组织', 'International organisations'],
};

export interface IndustryDivision {
  code: string;
  section: string;
  zh: string;
  en: string;
}

export const INDUSTRY_DIVISIONS: readonly IndustryDivision[] = Object.entries(DIVISIONS)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([code, [zh, en]]) => ({ code, section: sectionOf(code)!, zh, en }));

export const INDUSTRY_CODES = INDUSTRY_DIVISIONS.map((d) => d.code) as [string, ...string[]];

/** The section letter of a two-digit division code; undefined for a code that is not a division. */
export function sectionOf(code: string): string | undefined {
  if (!(code in DIVISIONS)) return undefined;
  const n = Number(code);
  return INDUSTRY_SECTIONS.find((s) => n >= s.from && n <= s.to)?.code;
}

export function findDivision(code: string | null | undefined): IndustryDivision | undefined {
  return code ? INDUSTRY_DIVISIONS.find((d) => d.code === code) : undefined;
}
