// Shortest connection between two entities
// description: The shortest chains (up to 4 hops, fact and event-role relationships followed
//   in either direction; provenance - Report nodes - is not a connection) that link two entities; all
//   chains of the shortest length are listed, alphabetically, up to `limit`. The query does
//   not use shortestPath(): FalkorDB's only follows relationships forwards, while role
//   relationships point out of events (Russia <-BY- event -TO-> Libya), and either database
//   picks one of several equally short paths arbitrarily. It deepens instead: all paths of
//   exactly 1 hop, and only if there are none all paths of 2 hops, then 3, then 4. The cost
//   is that of enumerating paths of the shortest length, which grows with the number of
//   relationships around the nodes on the way.
// param from: entity = actor:africa-corps — one end (id or name)
// param to: entity = place:syria — the other end (id or name)
// param limit: int = 10 — most chains to list
// columns: hops, path, nodes
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
OPTIONAL MATCH p = (a)-[:BACKS|ALLIED_WITH|OPPOSES|LEADS|MEMBER_OF|CONTROLS|OPERATES|PRESENT_IN|DEPLOYED_AT|LOCATED_IN|BASED_IN|BY|CARRIED|FROM|TO|VIA|USING|OPERATED_BY|PARTICIPANT|ABOUT]-(b)
WITH a, b, collect(p) AS found
CALL {
  WITH a, b, found
  WITH a, b WHERE size(found) = 0
  OPTIONAL MATCH p = (a)-[:BACKS|ALLIED_WITH|OPPOSES|LEADS|MEMBER_OF|CONTROLS|OPERATES|PRESENT_IN|DEPLOYED_AT|LOCATED_IN|BASED_IN|BY|CARRIED|FROM|TO|VIA|USING|OPERATED_BY|PARTICIPANT|ABOUT*2]-(b)
  RETURN collect(p) AS longer
}
WITH a, b, found + longer AS found
CALL {
  WITH a, b, found
  WITH a, b WHERE size(found) = 0
  OPTIONAL MATCH p = (a)-[:BACKS|ALLIED_WITH|OPPOSES|LEADS|MEMBER_OF|CONTROLS|OPERATES|PRESENT_IN|DEPLOYED_AT|LOCATED_IN|BASED_IN|BY|CARRIED|FROM|TO|VIA|USING|OPERATED_BY|PARTICIPANT|ABOUT*3]-(b)
  RETURN collect(p) AS longer
}
WITH a, b, found + longer AS found
CALL {
  WITH a, b, found
  WITH a, b WHERE size(found) = 0
  OPTIONAL MATCH p = (a)-[:BACKS|ALLIED_WITH|OPPOSES|LEADS|MEMBER_OF|CONTROLS|OPERATES|PRESENT_IN|DEPLOYED_AT|LOCATED_IN|BASED_IN|BY|CARRIED|FROM|TO|VIA|USING|OPERATED_BY|PARTICIPANT|ABOUT*4]-(b)
  RETURN collect(p) AS longer
}
UNWIND found + longer AS p
WITH p, nodes(p) AS ns, relationships(p) AS rs
WITH p, ns, reduce(s = coalesce(ns[0].name, ns[0].id), i IN range(0, size(rs) - 1) |
       s + CASE WHEN startNode(rs[i]).id = ns[i].id THEN ' -[' + type(rs[i]) + ']-> '
                ELSE ' <-[' + type(rs[i]) + ']- ' END + coalesce(ns[i + 1].name, ns[i + 1].id)) AS path
RETURN DISTINCT length(p) AS hops, path, [n IN ns | n.id] AS nodes
ORDER BY hops, path, nodes
LIMIT $limit
