// Everything said about one entity
// description: Every fact relationship to or from the entity and every event it takes a role
//   in, each with its strongest modality, per-source modalities, combined confidence, sources
//   (report ids), the evidence sentence per source (in the order of `sources`) and whom the
//   text attributes it to. Facts first, then events in date order. A much-told fact lists its
//   first `max_sources` reports (by report id), read as a bounded slice per fact or event;
//   `source_count` gives how many there are.
// param entity: entity = base:khmeimim — any actor, place, base, equipment, aircraft, vessel or source (id or name)
// param max_sources: int(1..100000) = 50 — most reports listed per fact or event
// columns: kind, relation, direction, other, other_id, date, modality, modalities, confidence, source_count, sources, evidence, attributed_to
CALL {
  MATCH (n:Entity {id: $entity})-[r]-(o:Entity)
  CALL {
    WITH r
    MATCH (:Report)-[:STATES]->(s:Statement {fact: r.fact})
    WITH s ORDER BY s.report LIMIT $max_sources
    RETURN collect(s.report) AS sources, collect(s.modality) AS modalities, collect(s.evidence) AS evidence
  }
  RETURN 'fact' AS kind, type(r) AS relation, CASE WHEN startNode(r).id = n.id THEN 'out' ELSE 'in' END AS direction,
         o.name AS other, o.id AS other_id, r.since AS date, r.modality AS modality,
         modalities, r.confidence AS confidence, r.source_count AS source_count,
         sources, evidence, r.attributed_to AS attributed_to
  UNION ALL
  MATCH (n:Entity {id: $entity})-[r]-(o:Event)
  CALL {
    WITH o
    MATCH (rep:Report)-[x:REPORTS]->(o)
    WITH rep, x ORDER BY rep.id LIMIT $max_sources
    RETURN collect(rep.id) AS sources, collect(x.modality) AS modalities, collect(x.evidence) AS evidence
  }
  RETURN 'event' AS kind, type(r) AS relation, CASE WHEN startNode(r).id = n.id THEN 'out' ELSE 'in' END AS direction,
         [x IN labels(o) WHERE x <> 'Event'][0] AS other, o.id AS other_id, o.date AS date, o.modality AS modality,
         modalities, o.confidence AS confidence, o.source_count AS source_count,
         sources, evidence, o.attributed_to AS attributed_to
}
RETURN kind, relation, direction, other, other_id, date, modality, modalities, confidence, source_count, sources,
       evidence, attributed_to
ORDER BY kind DESC, date, relation, direction, other_id
