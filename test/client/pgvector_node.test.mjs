// pgvector's own Node client (the npm packages `pgvector` and `pg`) against vecsearch, unchanged: registerTypes
// finds every type, values go in and come back in text and in binary (binary parameters, and binary COPY in both
// directions, encoded and decoded here from the documented wire formats; node-postgres's binary result mode
// decodes every field as UTF-8 text first, which corrupts any binary type, so results are read through COPY),
// k-NN queries answer, and bad binary input is refused with the SQLSTATE pgvector gives. Run with `node --test` by
// test/client/run.sh, which creates and drops the database named by PGDATABASE.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

import pg from 'pg';
import pgvector from 'pgvector/pg';
import { SparseVector } from 'pgvector';
import copyStreams from 'pg-copy-streams';

const client = new pg.Client();

before(async () => {
  await client.connect();
  // EXTENSION=vector runs the same test against pgvector, to check the expectations themselves.
  await client.query(`CREATE EXTENSION IF NOT EXISTS ${process.env.EXTENSION ?? 'vecsearch'}`);
  await pgvector.registerTypes(client);
  await client.query(`CREATE TABLE items (id int PRIMARY KEY, embedding vector(3), half halfvec(3),
                                          sparse sparsevec(5), bits bit(3))`);
});

after(async () => {
  await client.end();
});

// --- the binary wire formats, written here from the contract -------------------------------------------------

function halfBits(value) {
  // float -> binary16, round to nearest even (exact for the small values used here).
  const f32 = new Float32Array([value]);
  const u32 = new Uint32Array(f32.buffer)[0];
  const sign = (u32 >>> 16) & 0x8000;
  const exponent = ((u32 >>> 23) & 0xff) - 127 + 15;
  const mantissa = u32 & 0x7fffff;
  if (value === 0) return sign;
  assert.ok(exponent > 0 && exponent < 31, 'test values are normal halves');
  return sign | (exponent << 10) | (mantissa >>> 13);
}

function encodeVector(values) {
  const buffer = Buffer.alloc(4 + 4 * values.length);
  buffer.writeInt16BE(values.length, 0);
  buffer.writeInt16BE(0, 2);
  values.forEach((v, i) => buffer.writeFloatBE(v, 4 + 4 * i));
  return buffer;
}

function encodeHalfvec(values) {
  const buffer = Buffer.alloc(4 + 2 * values.length);
  buffer.writeInt16BE(values.length, 0);
  buffer.writeInt16BE(0, 2);
  values.forEach((v, i) => buffer.writeUInt16BE(halfBits(v), 4 + 2 * i));
  return buffer;
}

function encodeSparsevec(sparse) {
  const n = sparse.indices.length;
  const buffer = Buffer.alloc(12 + 8 * n);
  buffer.writeInt32BE(sparse.dimensions, 0);
  buffer.writeInt32BE(n, 4);
  buffer.writeInt32BE(0, 8);
  sparse.indices.forEach((index, i) => buffer.writeInt32BE(index, 12 + 4 * i));
  sparse.values.forEach((v, i) => buffer.writeFloatBE(v, 12 + 4 * n + 4 * i));
  return buffer;
}

function decodeVector(buffer) {
  const dims = buffer.readInt16BE(0);
  assert.equal(buffer.readInt16BE(2), 0);
  assert.equal(buffer.length, 4 + 4 * dims);
  return Array.from({ length: dims }, (_, i) => buffer.readFloatBE(4 + 4 * i));
}

function decodeHalfvec(buffer) {
  const dims = buffer.readInt16BE(0);
  assert.equal(buffer.length, 4 + 2 * dims);
  return Array.from({ length: dims }, (_, i) => {
    const bits = buffer.readUInt16BE(4 + 2 * i);
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >>> 10) & 0x1f;
    const mantissa = bits & 0x3ff;
    if (exponent === 0) return sign * mantissa * 2 ** -24;
    return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  });
}

function decodeSparsevec(buffer) {
  const dims = buffer.readInt32BE(0);
  const n = buffer.readInt32BE(4);
  assert.equal(buffer.readInt32BE(8), 0);
  assert.equal(buffer.length, 12 + 8 * n);
  const indices = Array.from({ length: n }, (_, i) => buffer.readInt32BE(12 + 4 * i));
  const values = Array.from({ length: n }, (_, i) => buffer.readFloatBE(12 + 4 * n + 4 * i));
  return new SparseVector(new Map(indices.map((index, i) => [index, values[i]])), dims);
}

// bit's binary form is PostgreSQL's own: int32 bit count, then the bits, most significant first.
function decodeBit(buffer) {
  const length = buffer.readInt32BE(0);
  let text = '';
  for (let i = 0; i < length; i++) text += (buffer[4 + (i >> 3)] >> (7 - (i & 7))) & 1;
  return text;
}

async function sqlstate(promise) {
  try {
    await promise;
  } catch (error) {
    return error.code;
  }
  return 'no error';
}

// --- the tests ---------------------------------------------------------------------------------------------

test('registerTypes finds vector, halfvec and sparsevec', async () => {
  const { rows } = await client.query(
    "SELECT typname FROM pg_type WHERE typname IN ('vector', 'halfvec', 'sparsevec') ORDER BY 1");
  assert.deepEqual(rows.map((r) => r.typname), ['halfvec', 'sparsevec', 'vector']);
});

test('values go in as text through the library and come back parsed', async () => {
  await client.query('INSERT INTO items VALUES ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10), ($11, $12, $13, $14, $15)', [
    1, pgvector.toSql([1, 2, 3]), pgvector.toSql([1, 2, 3]), pgvector.toSql(new SparseVector([1, 0, 2, 0, 0])), '101',
    2, pgvector.toSql([4, 5, 6]), pgvector.toSql([4, 5, 6]), pgvector.toSql(new SparseVector([0, 0, 0, 0, 3])), '011',
    3, pgvector.toSql([1, 1, 1]), pgvector.toSql([1, 1, 1]), pgvector.toSql(new SparseVector(new Map([[1, 1.5]]), 5)), '111',
  ]);
  const { rows } = await client.query('SELECT * FROM items ORDER BY id');
  assert.deepEqual(rows[0].embedding, [1, 2, 3]);
  assert.deepEqual(rows[1].half, [4, 5, 6]);
  assert.ok(rows[2].sparse instanceof SparseVector);
  assert.deepEqual(rows[2].sparse.toArray(), [0, 1.5, 0, 0, 0]);
  assert.equal(rows[0].bits, '101');
});

test('k-NN queries answer for every type, and each type\'s hnsw index answers the same', async () => {
  const order = async (sql, value) => (await client.query(sql, [value])).rows.map((r) => r.id);
  assert.deepEqual(await order('SELECT id FROM items ORDER BY embedding <-> $1 LIMIT 3', pgvector.toSql([1, 1, 1])), [3, 1, 2]);
  assert.deepEqual(await order('SELECT id FROM items ORDER BY half <=> $1 LIMIT 3', pgvector.toSql([1, 1, 1])), [3, 2, 1]);
  assert.deepEqual(await order('SELECT id FROM items ORDER BY sparse <#> $1 LIMIT 3',
    pgvector.toSql(new SparseVector([0, 0, 0, 0, 1]))), [2, 1, 3]);
  assert.deepEqual(await order('SELECT id FROM items ORDER BY bits <~> $1, id LIMIT 3', '101'), [1, 3, 2]);

  // Each column's operator class, its query through the library's parameters: the plan uses the index, and the
  // distances come back in the order a sequential scan gives (bit strings tie: distances, not ids).
  const cases = [
    ['embedding', 'vector_l2_ops', '<->', pgvector.toSql([1, 1, 1])],
    ['half', 'halfvec_cosine_ops', '<=>', pgvector.toSql([1, 1, 1])],
    ['sparse', 'sparsevec_ip_ops', '<#>', pgvector.toSql(new SparseVector([0, 0, 0, 0, 1]))],
    ['bits', 'bit_hamming_ops', '<~>', '101'],
  ];
  for (const [column, opclass, op, value] of cases) {
    const sql = `SELECT ${column} ${op} $1 AS d FROM items ORDER BY ${column} ${op} $1 LIMIT 3`;
    const exact = (await client.query(sql, [value])).rows.map((r) => r.d);
    await client.query(`CREATE INDEX items_${column}_idx ON items USING hnsw (${column} ${opclass})`);
    await client.query('SET enable_seqscan = off');
    const plan = await client.query(`EXPLAIN ${sql}`, [value]);
    assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), new RegExp(`Index Scan using items_${column}_idx`));
    assert.deepEqual((await client.query(sql, [value])).rows.map((r) => r.d), exact, `${opclass}`);
    await client.query('RESET enable_seqscan');
  }
});

test('binary parameters are received by each type', async () => {
  const text = async (type, buffer) => (await client.query(`SELECT $1::${type}::text AS t`, [buffer])).rows[0].t;
  assert.equal(await text('vector', encodeVector([1.5, -2, 0.25])), '[1.5,-2,0.25]');
  assert.equal(await text('halfvec', encodeHalfvec([1.5, -2, 0.25])), '[1.5,-2,0.25]');
  assert.equal(await text('sparsevec', encodeSparsevec(new SparseVector([0, 1.5, 0, -2]))), '{2:1.5,4:-2}/4');
});

test('binary COPY round-trips every type', async () => {
  // Out: the file's rows, each field decoded.
  const chunks = [];
  await pipeline(client.query(copyStreams.to('COPY (SELECT embedding, half, sparse, bits FROM items ORDER BY id) TO STDOUT (FORMAT binary)')),
    async function* (source) { for await (const chunk of source) chunks.push(chunk); });
  const file = Buffer.concat(chunks);
  assert.equal(file.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
  let offset = 19;
  const decoded = [];
  for (;;) {
    const fields = file.readInt16BE(offset);
    offset += 2;
    if (fields === -1) break;
    const row = [];
    for (const decode of [decodeVector, decodeHalfvec, decodeSparsevec, decodeBit]) {
      const length = file.readInt32BE(offset);
      row.push(decode(file.subarray(offset + 4, offset + 4 + length)));
      offset += 4 + length;
    }
    decoded.push(row);
  }
  assert.equal(decoded.length, 3);
  assert.deepEqual(decoded[1][0], [4, 5, 6]);
  assert.deepEqual(decoded[2][2].toArray(), [0, 1.5, 0, 0, 0]);
  assert.deepEqual(decoded[0][1], [1, 2, 3]);
  assert.equal(decoded[1][3], '011');

  // In: rows encoded here, loaded, read back as text.
  await client.query('CREATE TABLE copied (embedding vector, half halfvec, sparse sparsevec)');
  const row = (buffers) => {
    const header = Buffer.alloc(2);
    header.writeInt16BE(buffers.length);
    return Buffer.concat([header, ...buffers.map((b) => {
      const length = Buffer.alloc(4);
      length.writeInt32BE(b.length);
      return Buffer.concat([length, b]);
    })]);
  };
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1);
  const payload = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8),
    row([encodeVector([1, -1]), encodeHalfvec([0.5, 2]), encodeSparsevec(new SparseVector([0, 0, 7]))]), trailer]);
  await pipeline(Readable.from([payload]), client.query(copyStreams.from('COPY copied FROM STDIN (FORMAT binary)')));
  const { rows } = await client.query('SELECT embedding::text AS e, half::text AS h, sparse::text AS s FROM copied');
  assert.deepEqual(rows, [{ e: '[1,-1]', h: '[0.5,2]', s: '{3:7}/3' }]);
});

test('bad binary parameters are refused with pgvector\'s SQLSTATEs', async () => {
  const send = (type, buffer) => sqlstate(client.query(`SELECT $1::${type}`, [buffer]));
  const nan = encodeVector([1]);
  nan.writeFloatBE(NaN, 4);
  assert.equal(await send('vector', nan), '22000');
  assert.equal(await send('vector', Buffer.from([0, 0, 0, 0])), '22000'); // zero dimensions
  assert.equal(await send('vector', Buffer.from([0, 1, 0, 1, 0x3f, 0x80, 0, 0])), '22000'); // unused != 0
  assert.equal(await send('vector', Buffer.from([0x3e, 0x81, 0, 0])), '54000'); // 16,001 dimensions
  assert.equal(await send('vector', Buffer.from([0, 2, 0, 0, 0x3f, 0x80, 0, 0])), '08P01'); // too short
  assert.equal(await send('halfvec', Buffer.from([0, 1, 0, 0, 0x7c, 0])), '22000'); // infinity
  assert.equal(await send('sparsevec', Buffer.from([0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0x3f, 0x80, 0, 0])), '22000'); // index out of bounds
  assert.equal(await send('sparsevec', Buffer.from([0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])), '22000'); // a zero value
  assert.equal(await send('vector(2)', encodeVector([1, 2, 3])), '22000'); // typmod
});
