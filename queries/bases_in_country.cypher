// Bases in a country: what is there and who runs them
// description: Every base located in the country or region (at any depth), with the
//   equipment reported deployed there (DEPLOYED_AT), the equipment events delivered to it, and
//   the actors that operate it, control it or are present there.
// param country: entity(Place) = place:libya — the country or region (id or name)
// columns: base, base_id, kind, located_in, deployed, delivered, operators, controllers, present
MATCH (:Entity {id: $country})<-[:LOCATED_IN*1..6]-(b:Base)
WITH DISTINCT b
OPTIONAL MATCH (b)-[:LOCATED_IN]->(p)
WITH b, p ORDER BY p.name
WITH b, collect(DISTINCT p.name) AS located_in
OPTIONAL MATCH (eq:Equipment)-[:DEPLOYED_AT]->(b)
WITH b, located_in, eq ORDER BY eq.name
WITH b, located_in, collect(DISTINCT eq.name) AS deployed
OPTIONAL MATCH (b)<-[:TO]-(:Event)-[:CARRIED]->(got:Equipment)
WITH b, located_in, deployed, got ORDER BY got.name
WITH b, located_in, deployed, collect(DISTINCT got.name) AS delivered
OPTIONAL MATCH (op:Actor)-[:OPERATES]->(b)
WITH b, located_in, deployed, delivered, op ORDER BY op.name
WITH b, located_in, deployed, delivered, collect(DISTINCT op.name) AS operators
OPTIONAL MATCH (ctl:Actor)-[:CONTROLS]->(b)
WITH b, located_in, deployed, delivered, operators, ctl ORDER BY ctl.name
WITH b, located_in, deployed, delivered, operators, collect(DISTINCT ctl.name) AS controllers
OPTIONAL MATCH (pr:Actor)-[:PRESENT_IN]->(b)
WITH b, located_in, deployed, delivered, operators, controllers, pr ORDER BY pr.name
WITH b, located_in, deployed, delivered, operators, controllers, collect(DISTINCT pr.name) AS present
RETURN b.name AS base, b.id AS base_id, b.kind AS kind, located_in, deployed, delivered,
       operators, controllers, present
ORDER BY base, base_id
