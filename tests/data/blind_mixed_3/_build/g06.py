from lib import Doc
d = Doc('06_interview-ayungin-resupply.txt', 'https://apmaritime.example.com/interviews/2026/06/ayungin-runs-navy-logistician',
        'Asia-Pacific Maritime Affairs', '2026-06-04')
E = d.E
E('Actor', 'Philippines', 'state', 'Philippine Navy')
E('Actor', 'China', 'state', 'China Coast Guard', 'Beijing', 'Chinese side')
E('Actor', 'United States', 'state', 'US', 'US Navy')
E('Actor', 'Ramon Dizon', 'person')
E('Actor', 'Western Command', 'armed_forces')
E('Place', 'Second Thomas Shoal', 'region', 'Ayungin Shoal', 'Ayungin')
E('Place', 'Palawan', 'region')
E('Place', 'Puerto Princesa', 'city')
E('Place', 'Mischief Reef', 'region')
E('Place', 'Oyster Bay', 'sea')
E('Place', 'Manila', 'city')
E('Vessel', 'BRP Sierra Madre', 'landing_ship', 'Sierra Madre')
E('Vessel', 'Unaizah May 6', 'auxiliary')
E('Vessel', 'BRP Cabra', 'patrol_vessel')
E('Equipment', 'rice', 'other')
E('Equipment', 'fresh water', 'other', 'water')
E('Equipment', 'food', 'other')
E('Equipment', 'fuel', 'other')
E('Equipment', 'medicine', 'other')
E('Equipment', 'marines', 'personnel')
E('Equipment', 'construction materials', 'other', 'building materials')
E('Equipment', 'supplies', 'other')
E('Equipment', 'P-8A', 'aircraft', 'P-8A Poseidon')

INTRO = 'Since a provisional arrangement'
TRIP = 'The supply boat Unaizah May 6'
R = d.R
R('OPERATES', 'Philippines', 'BRP Sierra Madre', 'confirmed', INTRO)
R('PRESENT_IN', 'Philippines', 'Second Thomas Shoal', 'confirmed', INTRO)
R('MEMBER_OF', 'Ramon Dizon', 'Western Command', 'confirmed', 'We spoke on 2 June', role='mission planner')
R('MEMBER_OF', 'Western Command', 'Philippines', 'confirmed', 'We spoke on 2 June')
R('BASED_IN', 'Western Command', 'Palawan', 'confirmed', 'We spoke on 2 June')
R('CONTROLS', 'China', 'Mischief Reef', 'confirmed', 'Two of their cutters came out')
R('ALLIED_WITH', 'Philippines', 'United States', 'reported', 'The US is our treaty ally.')

V = d.V
V('Talks', '2024-07', None, 'confirmed', {'PARTICIPANT': ['Philippines', 'China']}, INTRO)
V('Transfer', '2026-06', None, 'confirmed',
  {'BY': ['Philippines'], 'CARRIED': ['rice', 'fresh water'], 'TO': ['Second Thomas Shoal']},
  ('"We bring rice and water', INTRO))
V('Voyage', '2026-05-31', 2, 'reported',
  {'BY': ['Philippines'], 'USING': ['Unaizah May 6', 'BRP Cabra'], 'FROM': ['Puerto Princesa'], 'TO': ['Second Thomas Shoal'],
   'CARRIED': ['food', 'fresh water', 'fuel', 'medicine', 'marines']},
  (TRIP, 'We delivered food', 'We also brought in twelve marines'))
V('Deployment', '2026-05-31', None, 'reported',
  {'BY': ['Philippines'], 'CARRIED': ['marines'], 'FROM': ['Puerto Princesa'], 'TO': ['Second Thomas Shoal']},
  (TRIP, 'We also brought in twelve marines'))
V('Withdrawal', '2026-05-31', None, 'reported',
  {'BY': ['Philippines'], 'CARRIED': ['marines'], 'FROM': ['Second Thomas Shoal'], 'TO': ['Palawan']},
  'We also brought in twelve marines')
V('Voyage', '2026-05', 2, 'reported',
  {'BY': ['China'], 'FROM': ['Mischief Reef'], 'TO': ['Second Thomas Shoal']},
  ('Did the China Coast Guard interfere?', 'Two of their cutters came out'))
V('Construction', None, None, 'confirmed', {'BY': ['China'], 'ABOUT': ['Mischief Reef']}, 'Two of their cutters came out')
V('Transfer', None, None, 'denied',
  {'BY': ['Philippines'], 'CARRIED': ['construction materials'], 'TO': ['Second Thomas Shoal']},
  ('Beijing says you are carrying', 'We carry no construction materials'))
V('Flight', '2026-05-31', 1, 'reported',
  {'BY': ['United States'], 'USING': ['P-8A'], 'VIA': ['Second Thomas Shoal']},
  'A US Navy P-8A Poseidon')
V('Transfer', None, None, 'denied', {'BY': ['United States'], 'CARRIED': ['supplies']}, 'A US Navy P-8A Poseidon')
V('Voyage', '2026-07', None, 'planned', {'BY': ['Philippines'], 'TO': ['Second Thomas Shoal']}, 'From July we plan')
V('Construction', None, None, 'planned', {'BY': ['Philippines'], 'ABOUT': ['Oyster Bay']}, 'The navy also wants')
d.write()
