import Database from 'better-sqlite3';
import fs from 'node:fs';
import crypto from 'node:crypto';
const mode = process.argv[2];
const N = 300000;
const f = `/tmp/scale/exp-${mode}.db`;
for (const x of [f, f + '-wal', f + '-shm']) fs.rmSync(x, { force: true });
const db = new Database(f);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -1048576');
db.pragma('foreign_keys = ' + (mode.includes('nofk') ? 'OFF' : 'ON'));
db.exec(fs.readFileSync('/tmp/scale/schema.sql', 'utf8').replace(/CREATE TABLE sqlite_sequence\(name,seq\);/, ''));
db.pragma('foreign_keys = OFF');
db.exec(`attach '/tmp/scale/c1.db' as src; insert into regions select * from src.regions; insert into occupations select * from src.occupations; insert into institutions select * from src.institutions where id <= 400; detach src;`);
db.pragma('foreign_keys = ' + (mode.includes('nofk') ? 'OFF' : 'ON'));
const drop = mode.includes('noidx');
if (drop) for (const n of ['certificates_holder_hash_idx','certificates_inst_idx','certificates_person_occ_level_idx','certificates_learner_idx','certificates_learner_issued_idx','learners_identity_hash_uq','learners_school_idx','learners_user_idx']) db.exec(`drop index ${n}`);
const cols = ['number','kind','institution_id','learner_id','occupation_id','level','pathway','issued_on','status','verify_code','fee','source_type','holder_name','holder_id_type','holder_id_number_enc','holder_id_number_hash','institution_name','filing_no','occupation_code','occupation_name','issued_by','created_at'];
const lcols = ['id','name','id_type','id_number_enc','id_number_hash','gender','birth_date','in_school','created_at','updated_at'];
const R = 50;
const st = (t, c, n) => db.prepare(`insert into ${t} (${c.join(',')}) values ${Array.from({length:n},()=>'('+c.map(()=>'?').join(',')+')').join(',')}`);
const cs = st('certificates', cols, R), ls = st('learners', lcols, R);
const occ = db.prepare('select id from occupations limit 1').get()?.id ?? 1;
let t0 = performance.now(); let lid = 0, cn = 0;
for (let b = 0; b < N / 4 / 2500; b++) {
  db.exec('begin');
  const L = [], C = [];
  for (let k = 0; k < 2500; k++) {
    lid++; const h = crypto.randomBytes(32).toString('hex'); const enc = crypto.randomBytes(20).toString('base64url');
    L.push(lid, '张三', 'resident_id', enc, h, 'male', '1990-01-01', 0, 'x', 'x');
    for (let c = 0; c < 3; c++) { cn++; C.push('S00004180' + String(cn).padStart(13, '0'), 'skill', 1 + (cn % 400), lid, occ, 1 + (cn % 5), 'exam', '2025-0' + (1 + cn % 9) + '-1' + (cn % 10), 'valid', 'ABCDEFGHJK', 0, 'generated', '张三', 'resident_id', enc, h, 'inst', 'S000041800001', 'x', 'y', 0, 'x'); }
  }
  for (let i = 0; i < L.length; i += R * lcols.length) ls.run(L.slice(i, i + R * lcols.length));
  for (let i = 0; i < C.length; i += R * cols.length) cs.run(C.slice(i, i + R * cols.length));
  db.exec('commit');
}
const t1 = performance.now();
if (drop) db.exec(`CREATE INDEX "certificates_learner_idx" on "certificates" ("learner_id");CREATE INDEX "certificates_inst_idx" on "certificates" ("institution_id", "issued_on");CREATE INDEX "certificates_person_occ_level_idx" on "certificates" ("learner_id", "occupation_id", "level");CREATE UNIQUE INDEX "learners_identity_hash_uq" on "learners" ("id_type", "id_number_hash");CREATE INDEX "certificates_holder_hash_idx" on "certificates" ("holder_id_number_hash");CREATE INDEX "certificates_learner_issued_idx" on "certificates" ("learner_id", "issued_on")`);
const t2 = performance.now();
console.log(mode, 'rows', lid + cn, 'insert', ((t1 - t0) / 1000).toFixed(1), 's', Math.round((lid + cn) / ((t1 - t0) / 1000)), 'rows/s; index build', ((t2 - t1) / 1000).toFixed(1), 's; overall', Math.round((lid + cn) / ((t2 - t0) / 1000)), 'rows/s');
