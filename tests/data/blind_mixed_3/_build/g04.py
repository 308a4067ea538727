from lib import Doc
d = Doc('04_france-completes-handover-senegal.txt', 'https://www.example.org/defense/press/2025/07/21/joint-statement-senegal-handover',
        'Ministry of the Armed Forces and Veterans (France), press releases', '2025-07-21')
E = d.E
E('Actor', 'France', 'state', 'French forces', 'French armed forces', 'French Air and Space Force')
E('Actor', 'Senegal', 'state', 'Senegalese Armed Forces', "Senegal's armed forces")
E('Actor', 'French Elements in Senegal', 'armed_forces', 'EFS')
E('Actor', 'Mbaye Cissé', 'person')
E('Actor', 'Pascal Ianni', 'person')
E('Actor', 'Bassirou Diomaye Faye', 'person')
E('Actor', 'Compagnie Méridionale de Navigation', 'company')
E('Actor', "Côte d'Ivoire", 'state')
E('Actor', 'Gabon', 'state', 'Gabonese army')
E('Place', 'Senegal', 'country')
E('Place', 'Dakar', 'city')
E('Place', 'Ouakam', 'city')
E('Place', 'Rufisque', 'city')
E('Place', 'Toulon', 'city')
E('Place', 'Africa', 'continent')
E('Place', 'Gulf of Guinea', 'sea')
E('Place', 'Abidjan', 'city')
E('Place', 'Djibouti', 'country')
E('Place', 'Gabon', 'country')
E('Place', 'Libreville', 'city')
E('Base', 'Camp Geille', 'army_base')
E('Base', 'Camp Maréchal', 'army_base')
E('Base', 'Camp Saint-Exupéry', 'army_base')
E('Base', 'Port of Dakar', 'port', 'Dakar port')
E('Base', 'Orléans-Bricy', 'airbase', 'Orléans-Bricy air base')
E('Base', 'Port-Bouët', 'army_base', 'Port-Bouët camp')
E('Vessel', 'MN Pélican', 'cargo_ship')
E('Equipment', 'A400M', 'aircraft')
E('Equipment', 'personnel', 'personnel')
E('Equipment', 'equipment', 'other')
E('Equipment', 'vehicles', 'vehicle')
E('Equipment', 'containers', 'other')

P1 = 'France and Senegal announce'
P2 = 'The handover of Camp Geille'
R = d.R
R('CONTROLS', 'Senegal', 'Camp Geille', 'confirmed', P1)
R('LOCATED_IN', 'Camp Geille', 'Ouakam', 'confirmed', P1)
R('MEMBER_OF', 'French Elements in Senegal', 'France', 'confirmed', P2)
R('PRESENT_IN', 'French Elements in Senegal', 'Senegal', 'confirmed', P2)
R('LOCATED_IN', 'Camp Maréchal', 'Dakar', 'confirmed', 'Camp Maréchal and Camp Saint-Exupéry')
R('LOCATED_IN', 'Camp Saint-Exupéry', 'Dakar', 'confirmed', 'Camp Maréchal and Camp Saint-Exupéry')
R('MEMBER_OF', 'Mbaye Cissé', 'Senegal', 'confirmed', 'The ceremony was attended', role='chief of the general staff')
R('MEMBER_OF', 'Pascal Ianni', 'France', 'confirmed', 'The ceremony was attended', role='commander for Africa')
R('OPERATES', 'Compagnie Méridionale de Navigation', 'MN Pélican', 'confirmed', 'Most vehicles and containers')
R('LEADS', 'Bassirou Diomaye Faye', 'Senegal', 'confirmed', 'The decision to end the presence')
R('ALLIED_WITH', 'France', 'Senegal', 'confirmed', 'Both governments note')
R('BACKS', 'France', 'Senegal', 'confirmed', 'France also trains Senegalese officers')
R('CONTROLS', "Côte d'Ivoire", 'Port-Bouët', 'confirmed', 'After the handover of the Port-Bouët camp')
R('LOCATED_IN', 'Port-Bouët', 'Abidjan', 'confirmed', 'After the handover of the Port-Bouët camp')
for p in ['Africa', 'Djibouti', 'Gabon', 'Libreville']:
    R('PRESENT_IN', 'France', p, 'confirmed', 'After the handover of the Port-Bouët camp')
R('PRESENT_IN', 'Gabon', 'Libreville', 'confirmed', 'After the handover of the Port-Bouët camp')
R('LOCATED_IN', 'Libreville', 'Gabon', 'confirmed', 'After the handover of the Port-Bouët camp')

V = d.V
V('Withdrawal', '2025-07-20', None, 'confirmed',
  {'BY': ['France'], 'FROM': ['Senegal'], 'CARRIED': ['personnel', 'equipment']},
  ('Joint statement: French forces complete', 'The withdrawal, which began in March'))
V('Withdrawal', '2025-07-20', None, 'confirmed',
  {'BY': ['France'], 'OPERATED_BY': ['French Elements in Senegal'], 'FROM': ['Camp Geille', 'Rufisque']},
  (P1, P2))
V('Withdrawal', '2025-03', None, 'confirmed', {'FROM': ['Camp Maréchal', 'Camp Saint-Exupéry']},
  'Camp Maréchal and Camp Saint-Exupéry')
V('Withdrawal', '2025-05', None, 'confirmed', {'FROM': ['Port of Dakar']},
  'Camp Maréchal and Camp Saint-Exupéry')
V('Voyage', '2025-06', 1, 'confirmed',
  {'OPERATED_BY': ['Compagnie Méridionale de Navigation'], 'USING': ['MN Pélican'], 'CARRIED': ['vehicles', 'containers'],
   'FROM': ['Dakar'], 'TO': ['Toulon']},
  'Most vehicles and containers')
V('Flight', '2025-07-21', 1, 'confirmed',
  {'BY': ['France'], 'USING': ['A400M'], 'CARRIED': ['personnel'], 'FROM': ['Dakar'], 'TO': ['Orléans-Bricy']},
  'The last detachment of 85 personnel')
V('Talks', '2025', None, 'planned', {'PARTICIPANT': ['Senegal', 'France']}, 'Senegal and France will open talks')
V('Withdrawal', '2025-02', None, 'confirmed', {'BY': ['France'], 'FROM': ['Port-Bouët']},
  'After the handover of the Port-Bouët camp')
d.write()
