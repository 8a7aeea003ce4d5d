// The compiled serializer writes what the zod pass wrote for the people list, and no field the
// schema does not name.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { personList } from '../modules/people/people.schemas.js';
import { compiledSerializer, serializerSchema } from './compiled-serializer.js';

const person = {
  id: '12',
  orgId: '3',
  orgName: '历下区总工会',
  name: '张三',
  idNumberMasked: '3701**********1234',
  gender: 'M',
  birthDate: '1990-01-01',
  phoneMasked: null,
  unionMember: true,
  unionJoinedOn: '2010-05-01',
  occupation: null,
  education: 'bachelor',
  employmentStatus: 'employed',
  skillLevel: null,
  highlySkilled: false,
  version: 2,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-02T08:00:00.000Z',
};

describe('compiled serializer', () => {
  const write = compiledSerializer({ schema: personList });

  it('writes the same JSON as the zod pass', () => {
    const data = { items: [person, { ...person, id: '13', skillLevel: 'senior', education: null, phoneMasked: '138****0000' }], total: 2 };
    expect(JSON.parse(write(data))).toEqual(JSON.parse(JSON.stringify(personList.parse(data))));
  });

  it('keeps the allow-list: a field the schema does not name is not written', () => {
    const out = JSON.parse(write({ items: [{ ...person, idNumber: '370102199001011234', id_sealed: 'x' }], total: 1, secret: 1 }));
    expect(out.items[0]).not.toHaveProperty('idNumber');
    expect(out.items[0]).not.toHaveProperty('id_sealed');
    expect(out).not.toHaveProperty('secret');
  });

  it('refuses an answer without a required field', () => {
    const { name: _, ...nameless } = person;
    expect(() => write({ items: [nameless], total: 1 })).toThrow();
  });

  it('turns a nullable enum into a type list', () => {
    const schema = serializerSchema(z.object({ a: z.enum(['x', 'y']).nullable() }));
    expect(schema.properties).toEqual({ a: { type: ['string', 'null'] } });
  });
});
