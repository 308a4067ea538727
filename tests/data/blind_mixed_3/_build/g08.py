from lib import Doc
d = Doc('08_china-navy-djibouti-foothold.txt', 'https://hornobserver.example.com/2026/09/14/china-navy-djibouti-foothold',
        'Horn Observer', '2026-09-14')
E = d.E
E('Actor', 'China', 'state', "China's navy", "People's Liberation Army Navy", "China's defence ministry", 'Chinese embassy', 'Beijing')
E('Actor', '49th escort task force', 'armed_forces')
E('Actor', 'China Merchants Port Holdings', 'company')
E('Actor', 'United States', 'state', 'US')
E('Actor', 'France', 'state')
E('Actor', 'Japan', 'state')
E('Actor', 'Italy', 'state')
E('Actor', 'Djibouti', 'state')
E('Actor', 'Houthis', 'armed_group')
E('Place', 'Djibouti', 'country')
E('Place', 'Zhanjiang', 'city')
E('Place', 'southern China', 'region')
E('Place', 'Gulf of Aden', 'sea')
E('Place', 'Bab el-Mandeb', 'sea')
E('Place', 'Nairobi', 'city')
E('Place', 'Africa', 'continent')
E('Place', 'Yemen', 'country')
E('Base', 'PLA Support Base', 'naval_base')
E('Base', 'Doraleh', 'port', 'Doraleh Multipurpose Port')
E('Base', 'Camp Lemonnier', 'naval_base')
E('Vessel', 'Weishanhu', 'auxiliary')
E('Vessel', 'Xuchang', 'frigate')
E('Vessel', 'Linyi', 'frigate')
E('Equipment', 'fuel', 'other')
E('Equipment', 'containers', 'other')
E('Equipment', 'helicopter parts', 'helicopter')
E('Equipment', 'Type 075', 'vessel', 'Type 075 amphibious assault ship')
E('Equipment', 'aircraft carrier', 'vessel')
E('Source', 'satellite imagery', 'data', 'satellite images')
E('Source', 'port workers', 'person')
E('Source', 'Horn Strategy Centre', 'media')
E('Source', 'Western diplomats', 'official')

P1 = 'A Chinese replenishment ship and two frigates docked'
P2 = 'The replenishment ship Weishanhu and the frigates'
PW = 'Port workers at the nearby Doraleh'
R = d.R
R('PRESENT_IN', 'China', 'Djibouti', 'confirmed', "China's navy quietly enlarges")
R('OPERATES', 'China', 'PLA Support Base', 'confirmed', P1)
R('LOCATED_IN', 'PLA Support Base', 'Djibouti', 'confirmed', P1)
for s in ['Weishanhu', 'Xuchang', 'Linyi']:
    R('OPERATES', 'China', s, 'confirmed', (P1, P2))
R('MEMBER_OF', '49th escort task force', 'China', 'confirmed', P2)
R('LOCATED_IN', 'Zhanjiang', 'southern China', 'confirmed', P2)
R('OPERATES', 'China Merchants Port Holdings', 'Doraleh', 'confirmed', PW)
R('DEPLOYED_AT', 'aircraft carrier', 'Djibouti', 'denied', 'A spokesman for the Chinese embassy denied')
R('OPERATES', 'United States', 'Camp Lemonnier', 'confirmed', 'The base, opened in 2017')
R('LOCATED_IN', 'Camp Lemonnier', 'Africa', 'confirmed', 'The base, opened in 2017')
for s in ['France', 'Japan', 'Italy']:
    R('PRESENT_IN', s, 'Djibouti', 'confirmed', 'France, Japan and Italy also keep forces')
R('PRESENT_IN', 'Houthis', 'Yemen', 'confirmed', 'Shipping through the Bab el-Mandeb')

V = d.V
V('Voyage', '2026-09-10', 3, 'confirmed',
  {'BY': ['China'], 'OPERATED_BY': ['49th escort task force'], 'USING': ['Weishanhu', 'Xuchang', 'Linyi'],
   'FROM': ['Zhanjiang'], 'TO': ['PLA Support Base']}, (P1, P2))
V('Voyage', None, None, 'planned',
  {'BY': ['China'], 'OPERATED_BY': ['49th escort task force'], 'USING': ['Weishanhu', 'Xuchang', 'Linyi'],
   'VIA': ['Gulf of Aden', 'Bab el-Mandeb']}, 'The group will escort')
V('Voyage', '2026-09', 1, 'reported',
  {'BY': ['China'], 'USING': ['Weishanhu'], 'VIA': ['Doraleh'], 'TO': ['PLA Support Base'],
   'CARRIED': ['fuel', 'containers', 'helicopter parts']},
  (PW, 'Two of them said crates'), attr=['port workers'])
V('Construction', '2026-09', None, 'confirmed', {'ABOUT': ['PLA Support Base']},
  (P1, 'Satellite imagery from early September'), attr=['satellite imagery'])
V('Construction', '2017', None, 'confirmed', {'ABOUT': ['PLA Support Base']}, 'The base, opened in 2017')
V('Talks', '2026-08', None, 'reported', {'PARTICIPANT': ['Djibouti', 'China'], 'ABOUT': ['PLA Support Base']},
  "Djibouti's foreign minister said in August")
V('Talks', None, None, 'denied', {'PARTICIPANT': ['China', 'Houthis']}, 'Chinese-flagged ships have largely been spared',
  attr=['Western diplomats'])
d.write()
