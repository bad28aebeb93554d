import { ImportFileMalformed, importFileFromCsv, importFileOf } from './format.js';

const SOURCE = { document: 'Session log 2019 (spreadsheet)', transcribedBy: 'M. Chen' };

describe('the import file', () => {
  it('takes a source and a list of facts, and names every problem of a malformed file at once', () => {
    expect(importFileOf({ source: SOURCE, facts: [{ key: 'a' }] }).facts).toHaveLength(1);
    const problems = (value: unknown) => {
      try {
        importFileOf(value);
      } catch (error) {
        if (error instanceof ImportFileMalformed) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems([])).toEqual(['the file is not a JSON object with source and facts']);
    expect(problems({ format: 'csv/2', source: { document: ' ' }, facts: [], extra: 1 })).toEqual([
      'format must be lrr-import/1',
      'source.document must be a non-blank string of at most 500 characters',
      'source.transcribedBy must be a non-blank string of at most 200 characters',
      'facts is empty',
      'unknown properties: extra',
    ]);
    expect(problems({ source: SOURCE, facts: [{}, 'x'] })).toEqual(['facts[1] is not an object']);
  });

  it('reads a CSV fact list: fixed columns, ids by name, JSON-looking cells as values, quoted cells with commas, quotes and line breaks', () => {
    const csv = [
      'key,command,occurredAt,precision,negotiationId,itemNumber,number,place,attendees,articlesDiscussed,summary',
      'row 2,HoldSession,2019-03-05,,bayview_2019,,1,"District office, room 4","{""employer"":[""D. Ruiz""],""union"":[""L. Park""]}","[""10"",""24""]","Long day;',
      'said ""no"""',
      '',
      'row 3,ObjectToInformationItem,2019-03,month,,2,,,,,',
    ].join('\r\n');
    const file = importFileFromCsv(csv, SOURCE);
    expect(file.source).toEqual(SOURCE);
    expect(file.facts).toEqual([
      {
        key: 'row 2',
        command: 'HoldSession',
        occurredAt: { at: '2019-03-05', precision: 'day' },
        ids: { negotiationId: 'bayview_2019' },
        data: { number: 1, place: 'District office, room 4', attendees: { employer: ['D. Ruiz'], union: ['L. Park'] }, articlesDiscussed: ['10', '24'], summary: 'Long day;\r\nsaid "no"' },
      },
      { key: 'row 3', command: 'ObjectToInformationItem', occurredAt: { at: '2019-03', precision: 'month' }, ids: { itemNumber: 2 }, data: {} },
    ]);
  });

  it('refuses a CSV file without the fixed columns, or ending inside a quoted cell', () => {
    expect(() => importFileFromCsv('key,command\nx,y\n', SOURCE)).toThrow('the CSV header lacks occurredAt, precision');
    expect(() => importFileFromCsv('key,command,occurredAt,precision\n"x,HoldSession', SOURCE)).toThrow('ends inside a quoted cell');
  });
});
