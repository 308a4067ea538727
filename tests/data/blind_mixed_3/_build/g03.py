from lib import Doc
d = Doc('03_tartus-sparta-iv-winter-calls.txt', 'https://emsecmonitor.example.org/analysis/2026/02/tartus-after-the-talks',
        'Eastern Mediterranean Security Monitor', '2026-02-09')
E = d.E
E('Actor', 'Russia', 'state', 'Russian defence ministry', 'Moscow', 'Russian officials')
E('Actor', 'Syria', 'state', 'Damascus')
E('Actor', 'Turkey', 'state', 'Ankara')
E('Actor', 'Bashar al-Assad', 'person', 'Assad government')
E('Actor', 'Oboronlogistika', 'company')
E('Actor', 'Yunus-Bek Yevkurov', 'person')
E('Actor', 'Murhaf Abu Qasra', 'person')
E('Place', 'Syria', 'country')
E('Place', 'Russia', 'country')
E('Place', 'Novorossiysk', 'city')
E('Place', 'Bosphorus', 'sea')
E('Place', 'Turkish Straits', 'sea')
E('Place', 'western Mediterranean', 'sea')
E('Place', 'St Petersburg', 'city')
E('Place', 'Vladivostok', 'city')
E('Place', 'Damascus', 'city')
E('Place', 'eastern Libya', 'region')
E('Base', 'Tartus', 'naval_base')
E('Base', 'Khmeimim', 'airbase', 'Khmeimim air base')
E('Base', 'al-Khadim', 'airbase', 'al-Khadim air base')
E('Base', 'Tobruk', 'port')
E('Vessel', 'Sparta IV', 'cargo_ship')
E('Vessel', 'Ursa Major', 'cargo_ship')
E('Equipment', 'Karakurt class', 'vessel', 'Karakurt-class corvette')
E('Equipment', 'warships', 'vessel')
E('Equipment', 'floating dock', 'vessel')
E('Equipment', 'containers', 'other')
E('Equipment', 'ammunition', 'ammunition')
E('Equipment', 'wheat', 'other')
E('Equipment', 'fuel', 'other')
E('Equipment', 'heavy equipment', 'other')
E('Source', 'commercial satellite imagery', 'data')
E('Source', 'ship-tracking services', 'data')
E('Source', 'diplomats', 'official')

R = d.R
R('PRESENT_IN', 'Russia', 'Syria', 'confirmed', 'More than a year after the fall')
R('OPERATES', 'Russia', 'Tartus', 'confirmed', 'Commercial satellite imagery of Tartus')
R('DEPLOYED_AT', 'Karakurt class', 'Tartus', 'confirmed', 'Commercial satellite imagery of Tartus', attr=['commercial satellite imagery'])
R('DEPLOYED_AT', 'warships', 'Tartus', 'confirmed', ('Commercial satellite imagery of Tartus', 'A year earlier the same berths'))
R('DEPLOYED_AT', 'floating dock', 'Tartus', 'confirmed', ('Commercial satellite imagery of Tartus', 'A year earlier the same berths'))
R('OPERATES', 'Oboronlogistika', 'Sparta IV', 'confirmed', 'The Sparta IV, a cargo ship owned by')
R('ALLIED_WITH', 'Oboronlogistika', 'Russia', 'confirmed', 'The Sparta IV, a cargo ship owned by')
R('CONTROLS', 'Turkey', 'Turkish Straits', 'confirmed', 'Ankara, which controls')
R('MEMBER_OF', 'Yunus-Bek Yevkurov', 'Russia', 'confirmed', 'Russian Deputy Defence Minister', role='deputy defence minister')
R('MEMBER_OF', 'Murhaf Abu Qasra', 'Syria', 'confirmed', 'Russian Deputy Defence Minister', role='defence minister')
R('DEPLOYED_AT', 'heavy equipment', 'Tartus', 'confirmed', 'We judge it probable')
R('LOCATED_IN', 'al-Khadim', 'eastern Libya', 'confirmed', 'We judge it probable')
R('PRESENT_IN', 'Russia', 'al-Khadim', 'confirmed', 'We judge it probable')

V = d.V
V('Voyage', '2026-01', 2, 'confirmed',
  {'OPERATED_BY': ['Oboronlogistika'], 'USING': ['Sparta IV'], 'FROM': ['Novorossiysk'], 'VIA': ['Bosphorus'], 'TO': ['Tartus']},
  ("Tartus after the talks", 'The Sparta IV, a cargo ship owned by', 'On both occasions'), attr=['ship-tracking services'])
V('Voyage', '2026-01', 2, 'confirmed',
  {'OPERATED_BY': ['Oboronlogistika'], 'USING': ['Sparta IV'], 'FROM': ['Tartus'], 'CARRIED': ['containers']},
  ('The Sparta IV, a cargo ship owned by', 'On both occasions'), attr=['ship-tracking services'])
V('Transfer', '2026-01', None, 'possible',
  {'CARRIED': ['ammunition'], 'FROM': ['Tartus'], 'TO': ['Russia']},
  'Whether those containers held')
V('Voyage', '2024-12', 1, 'confirmed',
  {'USING': ['Ursa Major'], 'FROM': ['St Petersburg'], 'VIA': ['western Mediterranean'], 'TO': ['Vladivostok']},
  'They are vulnerable')
V('Talks', '2026-01-14', None, 'confirmed',
  {'PARTICIPANT': ['Yunus-Bek Yevkurov', 'Murhaf Abu Qasra']},
  'Russian Deputy Defence Minister')
V('Talks', '2026-01-14', None, 'reported',
  {'PARTICIPANT': ['Russia', 'Syria'], 'ABOUT': ['Tartus', 'Khmeimim']},
  'Two diplomats briefed', attr=['diplomats'])
V('Transfer', None, None, 'planned',
  {'BY': ['Russia'], 'CARRIED': ['wheat', 'fuel'], 'TO': ['Syria']},
  'Two diplomats briefed', attr=['diplomats'])
V('Transfer', None, None, 'possible',
  {'CARRIED': ['heavy equipment'], 'FROM': ['Tartus'], 'TO': ['eastern Libya']},
  ('Moscow also appears to be hedging', 'We judge it probable'))
V('Construction', None, None, 'planned',
  {'BY': ['Russia'], 'ABOUT': ['Tobruk']},
  'Russian officials have spoken')
d.write()
