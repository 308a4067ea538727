from lib import Doc
d = Doc('05_ro-ro-unloads-alexandroupolis.txt', 'https://portsrail.example.net/news/2026/04/22/arc-integrity-alexandroupolis-discharge',
        'Balkan Ports & Rail Review', '2026-04-22')
E = d.E
E('Actor', 'United States', 'state', 'US Army', 'US', 'US forces', 'Washington')
E('Actor', '1st Armored Division', 'armed_forces')
E('Actor', 'American Roll-On Roll-Off Carrier', 'company', 'ARC')
E('Actor', 'Military Sealift Command', 'armed_forces')
E('Actor', '598th Transportation Brigade', 'armed_forces')
E('Actor', 'US Army Europe', 'armed_forces')
E('Actor', 'Hellenic Railways Organisation', 'company', 'OSE')
E('Actor', 'Greece', 'state', 'Athens')
E('Actor', 'NATO', 'government')
E('Actor', 'Russia', 'state', 'Moscow')
E('Place', 'Jacksonville', 'city')
E('Place', 'Europe', 'continent')
E('Place', 'Romania', 'country')
E('Place', 'Bulgaria', 'country')
E('Place', 'Svilengrad', 'city')
E('Place', 'Ruse', 'city')
E('Place', 'Kulata', 'city')
E('Place', 'Aegean Sea', 'sea')
E('Place', 'Bremerhaven', 'city')
E('Place', 'Athens', 'city')
E('Base', 'Alexandroupolis', 'port', 'port of Alexandroupolis')
E('Base', 'Mihail Kogălniceanu', 'airbase', 'Mihail Kogălniceanu air base')
E('Vessel', 'ARC Integrity', 'cargo_ship')
E('Equipment', 'M1A2 Abrams', 'armor', 'Abrams tanks', 'Abrams')
E('Equipment', 'M2 Bradley', 'armor', 'M2 Bradley fighting vehicles', 'Bradleys')
E('Equipment', 'M109', 'artillery', 'M109 howitzers')
E('Equipment', 'containers', 'other')
E('Equipment', 'vehicles', 'vehicle')
E('Source', 'port agents', 'person')
E('Source', 'AIS data', 'data')
E('Source', 'BDZ Cargo', 'official')
E('Source', 'freight forwarders', 'person')
E('Source', 'Greek defence officials', 'official')

P1 = 'Ro-ro vessel ARC Integrity completed'
P2 = 'The US-flagged ship'
P3 = 'Her cargo included'
TR = 'The first two block trains'
R = d.R
R('MEMBER_OF', '1st Armored Division', 'United States', 'confirmed', P1)
R('OPERATES', 'American Roll-On Roll-Off Carrier', 'ARC Integrity', 'confirmed', P2)
R('OPERATES', 'United States', 'ARC Integrity', 'confirmed', ('US Army ro-ro discharges', P2))
R('ALLIED_WITH', 'American Roll-On Roll-Off Carrier', 'Military Sealift Command', 'confirmed', P2)
R('MEMBER_OF', '598th Transportation Brigade', 'United States', 'confirmed', 'The discharge was managed')
R('PRESENT_IN', '598th Transportation Brigade', 'Alexandroupolis', 'confirmed', 'The discharge was managed')
R('LOCATED_IN', 'Mihail Kogălniceanu', 'Romania', 'confirmed', TR)
R('LOCATED_IN', 'Svilengrad', 'Bulgaria', 'confirmed', TR)
R('LOCATED_IN', 'Ruse', 'Bulgaria', 'confirmed', TR)
R('LOCATED_IN', 'Alexandroupolis', 'Aegean Sea', 'confirmed', 'Alexandroupolis, on the northern Aegean Sea')
R('ALLIED_WITH', 'United States', 'Greece', 'confirmed', 'Alexandroupolis, on the northern Aegean Sea')
R('PRESENT_IN', 'United States', 'Alexandroupolis', 'planned', 'In March, Athens and Washington', attr=['Greek defence officials'])
R('OPPOSES', 'Russia', 'United States', 'confirmed', "Moscow's embassy in Athens")

V = d.V
V('Voyage', '2026-04-18', 1, 'confirmed',
  {'BY': ['United States'], 'OPERATED_BY': ['American Roll-On Roll-Off Carrier'], 'USING': ['ARC Integrity'],
   'CARRIED': ['M1A2 Abrams', 'M2 Bradley', 'M109', 'containers'], 'FROM': ['Jacksonville'], 'TO': ['Alexandroupolis']},
  ('US Army ro-ro discharges', P1, P2, P3), attr=['port agents', 'AIS data'])
V('Transfer', '2026-04-20', None, 'reported',
  {'BY': ['United States'], 'CARRIED': ['M1A2 Abrams', 'M2 Bradley'], 'FROM': ['Alexandroupolis'],
   'VIA': ['Svilengrad', 'Ruse'], 'TO': ['Mihail Kogălniceanu']},
  TR, attr=['BDZ Cargo'])
V('Transfer', '2026-04-23', None, 'planned',
  {'BY': ['United States'], 'FROM': ['Alexandroupolis'], 'TO': ['Mihail Kogălniceanu']},
  (TR, 'A third train is scheduled'))
V('Transfer', None, None, 'planned',
  {'BY': ['United States'], 'CARRIED': ['vehicles'], 'FROM': ['Alexandroupolis'], 'VIA': ['Kulata'], 'TO': ['Romania']},
  'A third train is scheduled')
V('Construction', '2027', None, 'planned',
  {'BY': ['Hellenic Railways Organisation'], 'ABOUT': ['Alexandroupolis']},
  ('Freight forwarders say', 'The Hellenic Railways Organisation'))
V('Construction', None, None, 'planned', {'ABOUT': ['Alexandroupolis']}, 'The Hellenic Railways Organisation')
V('Talks', '2021', None, 'confirmed', {'PARTICIPANT': ['United States', 'Greece']},
  'Alexandroupolis, on the northern Aegean Sea')
V('Talks', '2026-03', None, 'reported', {'PARTICIPANT': ['Greece', 'United States'], 'ABOUT': ['Alexandroupolis']},
  'In March, Athens and Washington', attr=['Greek defence officials'])
V('Voyage', '2026-04-21', 1, 'confirmed',
  {'BY': ['United States'], 'OPERATED_BY': ['American Roll-On Roll-Off Carrier'], 'USING': ['ARC Integrity'],
   'FROM': ['Alexandroupolis'], 'TO': ['Bremerhaven']},
  'The ARC Integrity sailed on Tuesday')
d.write()
