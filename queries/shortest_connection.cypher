// Shortest connection between two entities
// description: The shortest chains (up to 4 hops, relationships followed in either direction,
//   through entities and events but never through Report nodes) that link two entities; all
//   chains of the shortest length are listed, alphabetically, up to `limit`. The query does
//   not use shortestPath(): FalkorDB's only follows relationships forwards, while role
//   relationships point out of events (Russia <-BY- event -TO-> Libya), and either database
//   picks one of several equally short paths arbitrarily. It enumerates the bounded paths
//   instead, so its cost grows with the neighbourhood size of the two ends.
// param from: entity = actor:africa-corps — one end (id or name)
// param to: entity = place:syria — the other end (id or name)
// param limit: int = 10 — most chains to list
// columns: hops, path, nodes
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = (a)-[*1..4]-(b)
WHERE none(n IN nodes(p) WHERE n:Report)
WITH p ORDER BY length(p)
WITH collect(p) AS paths
UNWIND [x IN paths WHERE length(x) = length(paths[0])] AS p
WITH p, nodes(p) AS ns, relationships(p) AS rs
WITH p, ns, reduce(s = coalesce(ns[0].name, ns[0].id), i IN range(0, size(rs) - 1) |
       s + CASE WHEN startNode(rs[i]).id = ns[i].id THEN ' -[' + type(rs[i]) + ']-> '
                ELSE ' <-[' + type(rs[i]) + ']- ' END + coalesce(ns[i + 1].name, ns[i + 1].id)) AS path
RETURN DISTINCT length(p) AS hops, path, [n IN ns | n.id] AS nodes
ORDER BY hops, path, nodes
LIMIT $limit
