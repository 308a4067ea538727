from lib import Doc
d = Doc('02_air-bridge-log-bamako-niamey.txt', 'https://sahelflightlog.example.org/log/2026-05-18-week-20',
        'The Sahel Flight Log', '2026-05-18')
E = d.E
E('Actor', 'Russia', 'state', 'Russian defence ministry', 'Russian forces', 'Moscow')
E('Actor', 'Niger', 'state', 'junta')
E('Actor', 'Aerotrans Sever', 'airline')
E('Actor', '224th Flight Unit', 'armed_forces')
E('Place', 'Russia', 'country')
E('Place', 'Belarus', 'country')
E('Place', 'Libya', 'country')
E('Place', 'Sahel', 'region')
E('Place', 'Bamako', 'city')
E('Place', 'Niamey', 'city')
E('Place', 'Moscow', 'city')
E('Place', 'eastern Libya', 'region')
E('Place', 'Minsk', 'city')
E('Place', 'Africa', 'continent')
E('Place', 'Niger', 'country')
E('Place', 'Ouagadougou', 'city')
E('Base', 'Chkalovsky', 'airbase')
E('Base', 'al-Khadim', 'airbase')
E('Base', 'Modibo Keita International Airport', 'airport')
E('Base', 'Machulishchy', 'airbase')
E('Base', 'Niamey airport', 'airport')
E('Base', 'Maaten al-Sarra', 'airbase')
E('Equipment', 'Il-76', 'aircraft', 'Il-76TD', 'Il-76s')
E('Equipment', 'An-124', 'aircraft')
E('Equipment', 'Pantsir-S1', 'air_defense')
E('Equipment', 'air-defence equipment', 'air_defense')
E('Aircraft', 'RA-76511', 'Il-76')
E('Aircraft', 'RA-82035', 'An-124')
E('Source', 'ADS-B data', 'data')
E('Source', 'Telegram channel', 'media')
E('Source', 'Western officials', 'official')
E('Source', 'satellite images', 'data')

R = d.R
R('OPERATES', 'Aerotrans Sever', 'RA-76511', 'confirmed', 'Il-76TD RA-76511, operated by')
R('LOCATED_IN', 'al-Khadim', 'eastern Libya', 'confirmed', 'Il-76TD RA-76511, operated by')
R('LOCATED_IN', 'eastern Libya', 'Libya', 'confirmed', 'Il-76TD RA-76511, operated by')
R('LOCATED_IN', 'Modibo Keita International Airport', 'Bamako', 'confirmed', 'Il-76TD RA-76511, operated by')
R('OPERATES', '224th Flight Unit', 'RA-82035', 'confirmed', 'An-124 RA-82035 of the 224th Flight Unit')
R('MEMBER_OF', '224th Flight Unit', 'Russia', 'confirmed', 'An-124 RA-82035 of the 224th Flight Unit')
R('PRESENT_IN', 'Russia', 'Niger', 'confirmed', 'Its cargo is unknown')
R('DEPLOYED_AT', 'Pantsir-S1', 'Niamey airport', 'reported', 'A Telegram channel run by', attr=['Telegram channel'])
R('PRESENT_IN', 'Russia', 'al-Khadim', 'confirmed', ('Why it matters', 'Russian forces have used the Libyan base'))
R('OPERATES', 'Russia', 'Maaten al-Sarra', 'planned', 'Two Western officials told us', attr=['Western officials'])
R('LOCATED_IN', 'Maaten al-Sarra', 'Libya', 'confirmed', 'Two Western officials told us')

V = d.V
V('Flight', '2026-05-12', 1, 'confirmed',
  {'OPERATED_BY': ['Aerotrans Sever'], 'USING': ['RA-76511'], 'FROM': ['Chkalovsky'], 'VIA': ['al-Khadim'],
   'TO': ['Modibo Keita International Airport']},
  'Il-76TD RA-76511, operated by', attr=['ADS-B data'])
V('Flight', '2026-05-14', 1, 'confirmed',
  {'OPERATED_BY': ['Aerotrans Sever'], 'USING': ['RA-76511'], 'FROM': ['Modibo Keita International Airport'],
   'VIA': ['al-Khadim'], 'TO': ['Chkalovsky']},
  'The same aircraft flew back', attr=['ADS-B data'])
V('Flight', '2026-05-16', 1, 'confirmed',
  {'BY': ['Russia'], 'OPERATED_BY': ['224th Flight Unit'], 'USING': ['RA-82035'], 'FROM': ['Machulishchy'],
   'VIA': ['al-Khadim'], 'TO': ['Niamey airport']},
  ("The week's heavy lift", 'An-124 RA-82035 of the 224th Flight Unit'), attr=['ADS-B data'])
V('Transfer', None, None, 'confirmed',
  {'USING': ['An-124'], 'CARRIED': ['Pantsir-S1'], 'TO': ['Africa']},
  'Its cargo is unknown')
V('Transfer', '2026-05-16', None, 'possible',
  {'BY': ['Russia'], 'USING': ['RA-82035'], 'CARRIED': ['air-defence equipment'], 'FROM': ['Machulishchy'], 'TO': ['Niger']},
  'Its cargo is unknown')
V('Flight', '2026-04-28', 1, 'confirmed',
  {'OPERATED_BY': ['Aerotrans Sever'], 'USING': ['Il-76'], 'FROM': ['Bamako'], 'TO': ['Ouagadougou']},
  'The last trip we logged there')
V('Flight', '2026-05', 9, 'confirmed',
  {'TO': ['Sahel']}, 'Counting both weeks of May')
V('Flight', '2026-04', 6, 'confirmed',
  {'TO': ['Sahel']}, 'Counting both weeks of May')
V('Construction', '2026-05', None, 'confirmed',
  {'ABOUT': ['Maaten al-Sarra']}, 'Two Western officials told us', attr=['satellite images'])
d.write()
