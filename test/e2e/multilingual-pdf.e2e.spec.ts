import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { AccessModule } from '#access';
import { BargainingModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import type { Clock } from '#platform';
import { RecordsModule } from '#records';
import type { Role } from '#kernel';
import { type TestApp, day, startTestApp } from '#testing';

/*
 * A records officer's file must show contract text exactly as it was agreed. Texts in seven scripts
 * are recorded through the API in proposals, tentative agreements (text and signatories), a unit's
 * name and a confidential note's title (its body is not in the file); the audit file's PDF is rendered by the API, and `pdftotext` must give back
 * every recorded text, character for character.
 */
const PDFTOTEXT = !spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error;

/** One text per script; each short enough to stay on one line wherever the PDF prints it. */
const TEXTS = {
  latin: 'Indemnización por despido: Ñuñoa, São Paulo, Zürich, Łódź, Ærøskøbing',
  vietnamese: 'Tiếng Việt: Giáo viên được nghỉ phép có lương mười ngày mỗi năm.',
  chinese: '中文：每班学生人数不得超过二十八人。',
  korean: '한국어: 교사는 매년 열흘의 유급 휴가를 받는다.',
  japanese: '日本語：教員は年に十日間の有給休暇を取得できる。',
  greek: 'Ελληνικά: Ο μισθός αυξάνεται κατά δύο τοις εκατό.',
  cyrillic: 'Русский: Рабочий день составляет семь часов.',
};

const NOTE_TITLE = 'Ghi chú: 谈判策略 — 협상 전략';
const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The recorded text as the PDF may print it: exactly these characters, where a line may end at a space or between two characters. */
const asPrinted = (recorded: string) => new RegExp([...recorded].map((ch) => (ch === ' ' ? '[ \\n]' : escape(ch))).join('\\n?'), 'u');

(PDFTOTEXT ? describe : describe.skip)(`the audit file's PDF shows recorded text in seven scripts exactly${PDFTOTEXT ? '' : ' [SKIPPED: pdftotext (poppler-utils) is not installed]'}`, () => {
  let test: TestApp;
  let now = '2025-01-10T20:00:00.000Z';
  const clock: Clock = { now: () => new Date(now) };
  const post = (path: string, body: object, role: Role = 'negotiator') =>
    request(test.server).post(path).set(test.bearer(role)).send(body).expect(201);

  beforeAll(async () => {
    test = await startTestApp({
      name: 'multilingual',
      clock,
      imports: (config, dataDir) => [BargainingModule, StatutoryWarningsModule, AccessModule, RecordsModule.forRoot({ dataDir, lateEntryDays: config.lateEntryDays })],
    });
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  it('records them through the API, renders the PDF, and pdftotext gives each back as recorded', async () => {
    const unit = await post('/units', { occurredAt: day('2025-01-10'), name: 'Đơn vị giáo viên Bayview', employer: 'Bayview Unified School District', employeeOrganization: 'Hiệp hội Giáo viên Bayview', statute: 'EERA', currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } }, 'admin');
    now = '2025-01-15T20:00:00.000Z';
    const negotiationId = (await post('/negotiations', { occurredAt: day('2025-01-15'), unitId: unit.body.unitId, kind: 'successor' })).body.negotiationId as string;
    const base = `/negotiations/${negotiationId}`;
    now = '2025-03-19T20:00:00.000Z';
    await post(`${base}/proposals`, {
      occurredAt: day('2025-03-19'),
      side: 'union',
      number: 'U-1',
      articles: [
        { article: '10', title: 'Nghỉ phép', changeKind: 'amend', text: TEXTS.vietnamese },
        { article: '15', title: '班级人数', changeKind: 'amend', text: TEXTS.chinese },
        { article: '24', title: 'Μισθοί', changeKind: 'amend', text: TEXTS.greek },
        { article: '31', title: 'Indemnización', changeKind: 'new', text: TEXTS.latin },
      ],
    });
    now = '2025-04-02T20:00:00.000Z';
    const ta = await post(`${base}/tentative-agreements`, {
      occurredAt: day('2025-04-02'),
      side: 'employer',
      signatory: 'Nguyễn Thị Hương',
      articles: [
        { article: '21', title: '휴가', text: TEXTS.korean },
        { article: '23', title: '休暇', text: TEXTS.japanese },
        { article: '30', title: 'Рабочее время', text: TEXTS.cyrillic },
      ],
    });
    await post(`${base}/tentative-agreements/${ta.body.taId}/initials`, { occurredAt: day('2025-04-02'), side: 'union', signatory: 'Zoë Ångström-Kovačević' });
    await post(`${base}/confidential-notes`, { occurredAt: day('2025-04-02'), kind: 'strategy', title: NOTE_TITLE, body: 'Giữ nguyên lập trường về Điều 24.', author: 'Dana Ruiz' });

    now = '2025-04-03T20:00:00.000Z';
    const pdf = await request(test.server)
      .get(`${base}/audit-file?format=pdf`)
      .set({ ...test.bearer('records-officer'), 'X-Access-Purpose': 'multilingual round trip' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const pdfPath = join(process.env.KEEP_PDF_DIR ?? test.dataDir, 'multilingual-audit.pdf');
    await writeFile(pdfPath, pdf.body as Buffer);
    const extracted = spawnSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' });
    expect(extracted.status).toBe(0);
    const text = extracted.stdout.split(/\n|\f/).map((l) => l.trim()).join('\n');
    for (const recorded of [...Object.values(TEXTS), NOTE_TITLE, 'Nguyễn Thị Hương', 'Zoë Ångström-Kovačević', 'Đơn vị giáo viên Bayview']) {
      expect({ recorded, found: asPrinted(recorded).test(text) }).toEqual({ recorded, found: true });
    }
    expect(text).not.toContain('?');
  });
});
