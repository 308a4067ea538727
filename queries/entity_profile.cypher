// Everything said about one entity
// description: Every fact relationship to or from the entity and every event it takes a role
//   in, each with its modality, per-source modalities, confidence, sources (report ids), the
//   evidence sentence per source and whom the text attributes it to. Facts first, then events
//   in date order.
// param entity: entity = base:khmeimim — any actor, place, base, equipment, aircraft, vessel or source (id or name)
// columns: kind, relation, direction, other, other_id, date, modality, modalities, confidence, sources, evidence, attributed_to
MATCH (n:Entity {id: $entity})-[r]-(o)
WHERE o:Entity OR o:Event
WITH n, r, o, o:Event AS is_event
RETURN CASE WHEN is_event THEN 'event' ELSE 'fact' END AS kind, type(r) AS relation,
       CASE WHEN startNode(r).id = n.id THEN 'out' ELSE 'in' END AS direction,
       CASE WHEN is_event THEN [x IN labels(o) WHERE x <> 'Event'][0] ELSE o.name END AS other,
       o.id AS other_id,
       CASE WHEN is_event THEN o.date ELSE r.since END AS date,
       CASE WHEN is_event THEN o.modality ELSE r.modality END AS modality,
       CASE WHEN is_event THEN o.modalities ELSE r.modalities END AS modalities,
       CASE WHEN is_event THEN o.confidence ELSE r.confidence END AS confidence,
       CASE WHEN is_event THEN o.sources ELSE r.sources END AS sources,
       CASE WHEN is_event THEN o.evidence ELSE r.evidence END AS evidence,
       CASE WHEN is_event THEN o.attributed_to ELSE r.attributed_to END AS attributed_to
ORDER BY kind DESC, date, relation, direction, other_id
