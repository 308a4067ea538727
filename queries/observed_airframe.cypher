// Everything observed for one airframe or ship
// description: The observed legs of one aircraft or vessel (all tracked ones when `craft` is
//   empty), in time order: where each began and ended ('not observed' for an endpoint the track
//   did not see, 'unnamed place' for a stop far from any known airfield or port), coverage gaps,
//   the track and provider, and the claims each leg corroborates or contradicts.
// param craft: entity(Aircraft,Vessel) = "" — the aircraft or vessel (id, name, registration or alias); empty for all
// columns: craft, departed_at, arrived_at, origin, destination, gaps, points, track, provider, corroborates, contradicts
MATCH (c:Entity)<-[:USING]-(e:Event {modality: 'observed'})
WHERE $craft = '' OR c.id = $craft
OPTIONAL MATCH (e)-[:FROM]->(o)
OPTIONAL MATCH (e)-[:TO]->(d)
OPTIONAL MATCH (e)-[:OBSERVED_IN]->(t:Track)
OPTIONAL MATCH (claim:Event)-[f]->(e)
WHERE type(f) IN ['CORROBORATED_BY', 'CONTRADICTED_BY']
WITH c, e, o, d, t, f, claim ORDER BY claim.id
WITH c, e, o, d, t,
     [x IN collect(CASE WHEN type(f) = 'CORROBORATED_BY' THEN claim.id END) WHERE x IS NOT NULL] AS corroborates,
     [x IN collect(CASE WHEN type(f) = 'CONTRADICTED_BY' THEN claim.id END) WHERE x IS NOT NULL] AS contradicts
RETURN c.name AS craft, e.departed_at AS departed_at, e.arrived_at AS arrived_at,
       coalesce(o.name, CASE WHEN e.from_observed THEN 'unnamed place' ELSE 'not observed' END) AS origin,
       coalesce(d.name, CASE WHEN e.to_observed THEN 'unnamed place' ELSE 'not observed' END) AS destination,
       e.gap_count AS gaps, e.point_count AS points, t.id AS track, t.provider AS provider, corroborates, contradicts
ORDER BY craft, departed_at
