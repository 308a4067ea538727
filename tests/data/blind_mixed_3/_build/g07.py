from lib import Doc
d = Doc('07_written-answer-diego-garcia.txt', 'https://questions.example.org/written-questions/detail/2026-01-12/HL1187',
        'UK Parliament (written questions and answers)', '2026-01-20')
E = d.E
E('Actor', 'United Kingdom', 'state', 'Ministry of Defence', 'Royal Air Force', 'UK', 'UK officials')
E('Actor', 'United States', 'state', 'US')
E('Actor', 'Mauritius', 'state')
E('Actor', 'Tom Hadley', 'person')
E('Actor', 'Sarah Whitcombe', 'person')
E('Actor', 'British Forces British Indian Ocean Territories', 'armed_forces')
E('Actor', 'Military Sealift Command', 'armed_forces')
E('Place', 'Cyprus', 'country')
E('Place', 'Bahrain', 'country')
E('Place', 'Singapore', 'country')
E('Place', 'Chagos Archipelago', 'region')
E('Place', 'Mauritius', 'country')
E('Base', 'Diego Garcia', 'naval_base')
E('Base', 'Brize Norton', 'airbase', 'RAF Brize Norton')
E('Base', 'Akrotiri', 'airbase', 'RAF Akrotiri')
E('Equipment', 'Voyager', 'aircraft')
E('Equipment', 'C-17', 'aircraft')
E('Equipment', 'personnel', 'personnel')
E('Equipment', 'mail', 'other')
E('Equipment', 'spares', 'other')
E('Equipment', 'fuel', 'other', 'bulk fuel')
E('Equipment', 'stores', 'other')
E('Equipment', 'B-2', 'aircraft', 'B-2 bombers')

FL = 'In 2025 the Royal Air Force flew'
CAR = 'They carried personnel'
US = 'The United States operates'
TR = 'The treaty signed with Mauritius'
R = d.R
R('MEMBER_OF', 'Sarah Whitcombe', 'United Kingdom', 'confirmed', 'Answered on 20 January 2026', role='Minister of State for the Armed Forces')
R('LOCATED_IN', 'Akrotiri', 'Cyprus', 'confirmed', 'Most staged through')
R('MEMBER_OF', 'British Forces British Indian Ocean Territories', 'United Kingdom', 'confirmed', CAR)
R('PRESENT_IN', 'British Forces British Indian Ocean Territories', 'Diego Garcia', 'confirmed', CAR)
R('PRESENT_IN', 'United States', 'Diego Garcia', 'confirmed', CAR)
R('OPERATES', 'United States', 'Diego Garcia', 'confirmed', US)
R('MEMBER_OF', 'Military Sealift Command', 'United States', 'confirmed', US)
R('OPERATES', 'United Kingdom', 'Diego Garcia', 'confirmed', TR)
R('LOCATED_IN', 'Diego Garcia', 'Chagos Archipelago', 'confirmed', TR)
R('CONTROLS', 'Mauritius', 'Chagos Archipelago', 'planned', TR)

V = d.V
V('Flight', '2025', 41, 'confirmed',
  {'BY': ['United Kingdom'], 'USING': ['Voyager', 'C-17'], 'FROM': ['Brize Norton'], 'VIA': ['Akrotiri', 'Bahrain'],
   'TO': ['Diego Garcia'], 'CARRIED': ['personnel', 'mail', 'spares']},
  (FL, 'Most staged through', CAR))
V('Voyage', '2026-01', None, 'confirmed',
  {'BY': ['United States'], 'OPERATED_BY': ['Military Sealift Command'], 'FROM': ['Singapore'], 'TO': ['Diego Garcia'],
   'CARRIED': ['fuel', 'stores']}, US)
V('Deployment', '2025', None, 'confirmed', {'BY': ['United States'], 'CARRIED': ['B-2'], 'TO': ['Diego Garcia']},
  'The deployment of US B-2 bombers')
V('Talks', '2025', None, 'confirmed', {'PARTICIPANT': ['United States', 'United Kingdom'], 'ABOUT': ['B-2']},
  'The deployment of US B-2 bombers')
V('Talks', '2025-05-22', None, 'confirmed',
  {'PARTICIPANT': ['United Kingdom', 'Mauritius'], 'ABOUT': ['Diego Garcia', 'Chagos Archipelago']}, TR)
V('Flight', None, None, 'denied', {'BY': ['United Kingdom'], 'VIA': ['Mauritius'], 'TO': ['Diego Garcia']},
  'Sustainment flights will not be routed')
V('Construction', '2027', None, 'planned', {'BY': ['United States'], 'ABOUT': ['Diego Garcia']},
  'The United States plans to replace')
V('Talks', '2026-01', None, 'confirmed', {'PARTICIPANT': ['United Kingdom', 'United States'], 'ABOUT': ['Diego Garcia']},
  'The United States plans to replace')
d.write()
