// Sort keys order names by pinyin under byte order (collation "C"), people by surname readings.
import { describe, expect, it } from 'vitest';
import { KEY_SEPARATOR, orgNameKey, personNameKey, userNameKey } from './sort-key.js';

const byKey = (names: string[], key: (n: string) => string) =>
  [...names].sort((a, b) => {
    const x = Buffer.from(key(a));
    const y = Buffer.from(key(b));
    return Buffer.compare(x, y);
  });

describe('personNameKey', () => {
  it('orders the acceptance names by pinyin, surnames by their surname reading', () => {
    const names = ['阿明', '张三', '李四', '王五', '赵六', '单雄信', '曾国藩'];
    expect(byKey(names, personNameKey)).toEqual(['阿明', '李四', '单雄信', '王五', '曾国藩', '张三', '赵六']);
  });

  it.each([
    ['单雄信', 'shan xiong xin'],
    ['曾国藩', 'zeng guo fan'],
    ['解缙', 'xie jin'],
    ['仇英', 'qiu ying'],
    ['区寄', 'ou ji'],
    ['朴槿惠', 'piao jin hui'],
    ['查良镛', 'zha liang yong'],
    ['尉迟恭', 'yu chi gong'],
    ['吕布', 'lv bu'],
  ])('reads %s as %s', (name, reading) => {
    expect(personNameKey(name)).toBe(`${reading}${KEY_SEPARATOR}${name}`);
  });

  it('puts a name before the longer names it begins with, and the same reading in character order', () => {
    expect(byKey(['李四海', '李四', '李'], personNameKey)).toEqual(['李', '李四', '李四海']);
    // 李四 and 李思 read "li si": the characters decide, the same way every time.
    const [first, second] = byKey(['李思', '李四'], personNameKey);
    expect(first! < second!).toBe(true);
  });

  it('sorts latin names with the pinyin, lowercased and without accents', () => {
    expect(personNameKey('Zhang San')).toBe(`zhang san${KEY_SEPARATOR}Zhang San`);
    expect(personNameKey('José')).toBe(`jose${KEY_SEPARATOR}José`);
    expect(byKey(['Zhao Liu', '张三', 'Li Si', '阿明'], personNameKey)).toEqual(['阿明', 'Li Si', '张三', 'Zhao Liu']);
  });

  it('keeps the key free of control characters other than its separator', () => {
    expect(personNameKey('买买提·艾力')).toBe(`mai mai ti ai li${KEY_SEPARATOR}买买提·艾力`);
    expect(personNameKey('a\u0002b')).toBe(`ab${KEY_SEPARATOR}ab`);
  });
});

describe('orgNameKey', () => {
  it('reads organisation names without surname readings', () => {
    expect(orgNameKey('单县总工会')).toBe(`dan xian zong gong hui${KEY_SEPARATOR}单县总工会`);
    expect(orgNameKey('重庆市总工会')).toBe(`chong qing shi zong gong hui${KEY_SEPARATOR}重庆市总工会`);
  });

  it('orders numbers by value, before letters', () => {
    expect(byKey(['第10车间', '第2车间', '3M中国有限公司', '阿里巴巴'], orgNameKey)).toEqual([
      '3M中国有限公司',
      '阿里巴巴',
      '第2车间',
      '第10车间',
    ]);
    expect(byKey(['１号线', '2号线'], orgNameKey)).toEqual(['１号线', '2号线']);
  });

  it('puts characters without a reading after every letter', () => {
    expect(byKey(['𠀋记', '左'], orgNameKey)).toEqual(['左', '𠀋记']);
  });

  it('fits a B-tree entry whatever the length of the name', () => {
    expect(Buffer.byteLength(orgNameKey('工'.repeat(100)))).toBeLessThan(1000);
  });
});

describe('userNameKey', () => {
  it('reads display names as people’s names', () => {
    expect(userNameKey('曾国藩')).toBe(personNameKey('曾国藩'));
  });
});
