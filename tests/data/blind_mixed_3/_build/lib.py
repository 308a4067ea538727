"""Tiny helpers used to write the hand-made gold as Python (no extraction logic)."""
import json, re
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent

class Doc:
    def __init__(self, file, url, publisher, published):
        self.text = (ROOT / 'reports' / file).read_text()
        self.sents = []
        for line in self.text.split('\n'):
            line = line.strip()
            if not line:
                continue
            start = 0
            for m in re.finditer(r'[.!?]["\u201d]?(?=\s+[A-Z"\u201c(0-9])', line):
                self.sents.append(line[start:m.end()].strip()); start = m.end()
            if line[start:].strip():
                self.sents.append(line[start:].strip())
        self.report = {'file': file, 'title': self.text.split('\n', 1)[0], 'url': url,
                       'published': published, 'publisher': publisher}
        self.entities, self.relations, self.events = [], [], []

    def S(self, *frags):
        out = []
        for f in frags:
            hits = [s for s in self.sents if f in s]
            assert len(hits) == 1, (f, hits)
            out.append(hits[0])
        return ' ... '.join(out)

    def E(self, label, name, kind, *aliases):
        self.entities.append({'name': name, 'aliases': list(aliases), 'label': label, 'kind': kind})

    def R(self, typ, start, end, mod, ev, attr=None, role=None):
        r = {'type': typ, 'start': start, 'end': end, 'modality': mod, 'evidence': self.S(*ev) if isinstance(ev, tuple) else self.S(ev)}
        if role: r['role'] = role
        if attr: r['attributed_to'] = attr
        self.relations.append(r)

    def V(self, label, date, count, mod, roles, ev, attr=None):
        v = {'label': label, 'date': date, 'count': count, 'modality': mod,
             'roles': {k: v for k, v in roles.items() if v},
             'evidence': self.S(*ev) if isinstance(ev, tuple) else self.S(ev)}
        if attr: v['attributed_to'] = attr
        self.events.append(v)

    def write(self):
        out = ROOT / 'gold' / self.report['file'].replace('.txt', '.json')
        out.write_text(json.dumps({'report': self.report, 'entities': self.entities,
                                   'relations': self.relations, 'events': self.events},
                                  indent=1, ensure_ascii=False) + '\n')
        return self
