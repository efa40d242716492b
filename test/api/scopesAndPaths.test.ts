// Pure pieces of src/api: which scopes a client's scopes grant, and how validation pointers read.
import { grants, SCOPES } from '../../src/api';
import { jsonPath } from '../../src/api/validation';

describe('grants', () => {
  it('admin grants every scope', () => {
    for (const scope of SCOPES) expect([scope, grants(['admin'], scope)]).toEqual([scope, true]);
  });

  it('a write scope grants the read scope of the same resource, not the reverse, not another resource', () => {
    expect(grants(['sessions:write'], 'sessions:read')).toBe(true);
    expect(grants(['sessions:read'], 'sessions:write')).toBe(false);
    expect(grants(['tariffs:write'], 'tokens:read')).toBe(false);
    expect(grants(['tokens:write'], 'cdrs:read')).toBe(false);
    expect(grants([], 'cdrs:read')).toBe(false);
    expect(grants(['cdrs:read'], 'admin')).toBe(false);
  });
});

describe('jsonPath', () => {
  it('turns JSON pointers into the paths error messages name', () => {
    expect(jsonPath('')).toBe('$');
    expect(jsonPath('/meterStartWh')).toBe('meterStartWh');
    expect(jsonPath('/samples/2/energyWh')).toBe('samples[2].energyWh');
    expect(jsonPath('/connectors/0/tariffIds/1')).toBe('connectors[0].tariffIds[1]');
    expect(jsonPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });
});
