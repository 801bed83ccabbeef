#!/usr/bin/env python3
"""Builds neardup-variants.jsonl: Traditional/Simplified variants of a fixed selection of the shared eval corpora,
converted with OpenCC (Debian package `opencc`), for the near-duplicate benchmark (`governance` sub-command).

Selection (deterministic, no randomness): statutes-zh every 60th article whose text has at least 30 characters;
cmrc2018-trial every 4th paragraph; drcd-dev every 10th paragraph. Simplified sources get `s2t` (characters and
phrases) and `s2twp` (Taiwan vocabulary, e.g. 软件 -> 軟體); the Traditional DRCD gets `t2s`.

Usage: bench/data/make-neardup-variants.py [../shared/eval]  (run from the repository root)
"""
import json, subprocess, sys, os

eval_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join('..', 'shared', 'eval')
out_path = os.path.join('bench', 'data', 'neardup-variants.jsonl')

def opencc(config, texts):
    joined = '\n'.join(t.replace('\n', '\u2028') for t in texts)
    done = subprocess.run(['opencc', '-c', config], input=joined.encode('utf-8'), capture_output=True, check=True)
    lines = done.stdout.decode('utf-8').split('\n')
    assert len(lines) >= len(texts), (config, len(lines), len(texts))
    return [l.replace('\u2028', '\n') for l in lines[:len(texts)]]

def select(corpus, every, min_chars=0):
    docs = [json.loads(l) for l in open(os.path.join(eval_dir, corpus, 'corpus.jsonl'), encoding='utf-8') if l.strip()]
    eligible = [d for d in docs if len(d['text']) >= min_chars]
    return eligible[::every]

rows = []
for corpus, every, min_chars, configs in [('statutes-zh', 60, 30, ['s2t', 's2twp']), ('cmrc2018-trial', 4, 0, ['s2t', 's2twp']), ('drcd-dev', 10, 0, ['t2s'])]:
    docs = select(corpus, every, min_chars)
    for config in configs:
        for d, v in zip(docs, opencc(config + '.json', [d['text'] for d in docs])):
            rows.append({'corpus': corpus, 'id': d['id'], 'conversion': config, 'text': v})

with open(out_path, 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(f'wrote {out_path}: {len(rows)} variants')
