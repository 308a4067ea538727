from lib import Doc
d = Doc('01_landing-ship-unloads-armour-tobruk.txt', 'https://news.example.com/world/2026/03/12/russian-landing-ship-tobruk-armour',
        'Meridian Wire', '2026-03-12')
E = d.E
E('Actor', 'Russia', 'state', 'Russian navy', 'Moscow', "Russia's defence ministry", 'Russian Defence Ministry', 'Russian officials')
E('Actor', 'Northern Fleet', 'armed_forces')
E('Actor', 'Libyan National Army', 'armed_group', 'LNA')
E('Actor', 'Khalifa Haftar', 'person', 'Haftar')
E('Actor', 'Saddam Haftar', 'person')
E('Actor', 'Africa Corps', 'armed_forces')
E('Actor', 'Wagner Group', 'pmc')
E('Actor', 'Bashar al-Assad', 'person')
E('Actor', 'Libya', 'state', 'Libyan army')
E('Place', 'Moscow', 'city')
E('Place', 'Strait of Gibraltar', 'sea')
E('Place', 'Crete', 'region')
E('Place', 'Niger', 'country')
E('Place', 'Mali', 'country')
E('Place', 'Africa', 'continent')
E('Place', 'eastern Libya', 'region')
E('Base', 'Tobruk', 'port')
E('Base', 'Baltiysk', 'naval_base')
E('Base', 'al-Jufra', 'airbase', 'al-Jufra air base')
E('Base', 'Tartus', 'naval_base')
E('Vessel', 'Alexander Otrakovsky', 'landing_ship')
E('Vessel', 'Admiral Golovko', 'frigate')
E('Vessel', 'Ivan Gren', 'landing_ship')
E('Equipment', 'Ropucha class', 'vessel', 'Ropucha-class')
E('Equipment', 'BTR-82A', 'armor')
E('Equipment', 'Ural', 'vehicle', 'Ural trucks')
E('Equipment', 'soldiers', 'personnel')
E('Source', 'ship-tracking data', 'data')
E('Source', 'port workers', 'person')
E('Source', 'Libyan military officials', 'official')

R = d.R
R('OPERATES', 'Russia', 'Alexander Otrakovsky', 'confirmed', ('Russian landing ship unloads armour', 'A Russian navy landing ship has unloaded'))
R('OPERATES', 'Northern Fleet', 'Alexander Otrakovsky', 'confirmed', 'The Alexander Otrakovsky, a Ropucha-class vessel')
R('OPERATES', 'Russia', 'Admiral Golovko', 'confirmed', 'The Russian frigate Admiral Golovko')
R('OPERATES', 'Russia', 'Ivan Gren', 'confirmed', 'another Russian landing ship, the Ivan Gren')
R('OPERATES', 'Russia', 'Tartus', 'confirmed', 'its naval base at Tartus')
R('CONTROLS', 'Libyan National Army', 'Tobruk', 'confirmed', 'Tobruk is held by')
R('LEADS', 'Khalifa Haftar', 'Libyan National Army', 'confirmed', 'Tobruk is held by')
R('BACKS', 'Russia', 'Khalifa Haftar', 'confirmed', 'Tobruk is held by')
R('MEMBER_OF', 'Saddam Haftar', 'Libyan National Army', 'confirmed', "Haftar's son Saddam Haftar", role='commander of ground forces')
R('PRESENT_IN', 'Africa Corps', 'Niger', 'confirmed', 'Two Libyan military officials familiar')
R('PRESENT_IN', 'Africa Corps', 'Mali', 'confirmed', 'Two Libyan military officials familiar')
R('MEMBER_OF', 'Africa Corps', 'Russia', 'confirmed', 'Africa Corps, the force that')
R('PRESENT_IN', 'Wagner Group', 'Africa', 'confirmed', 'Africa Corps, the force that')

V = d.V
V('Voyage', '2026-03-10', 1, 'confirmed',
  {'BY': ['Russia'], 'OPERATED_BY': ['Northern Fleet'], 'USING': ['Alexander Otrakovsky'], 'CARRIED': ['BTR-82A', 'Ural'],
   'FROM': ['Baltiysk'], 'TO': ['Tobruk'], 'VIA': ['Strait of Gibraltar']},
  ('Russian landing ship unloads armour', 'A Russian navy landing ship has unloaded', 'The Alexander Otrakovsky, a Ropucha-class vessel',
   'Two port workers said at least 40 vehicles'), attr=['ship-tracking data', 'port workers'])
V('Voyage', None, 1, 'confirmed',
  {'BY': ['Russia'], 'USING': ['Admiral Golovko'], 'VIA': ['Strait of Gibraltar']},
  'The Russian frigate Admiral Golovko', attr=['ship-tracking data'])
V('Transfer', None, None, 'planned',
  {'CARRIED': ['BTR-82A', 'Ural'], 'FROM': ['Tobruk'], 'VIA': ['al-Jufra'], 'TO': ['Niger', 'Mali']},
  'Two Libyan military officials familiar', attr=['Libyan military officials'])
V('Deployment', None, None, 'confirmed',
  {'BY': ['Russia'], 'OPERATED_BY': ['Africa Corps'], 'TO': ['Niger', 'Mali']},
  ('Two Libyan military officials familiar', 'Africa Corps, the force that'))
V('Deployment', '2026-03-10', None, 'denied',
  {'BY': ['Russia'], 'CARRIED': ['soldiers'], 'TO': ['Tobruk']},
  'An LNA spokesman denied')
V('Voyage', '2026-02', 1, 'confirmed',
  {'BY': ['Russia'], 'USING': ['Ivan Gren'], 'TO': ['Tobruk']},
  'another Russian landing ship, the Ivan Gren')
V('Construction', None, None, 'planned',
  {'BY': ['Russia'], 'ABOUT': ['Tobruk']},
  'another Russian landing ship, the Ivan Gren')
d.write()
