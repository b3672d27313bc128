/**
 * Actors across processes and hosts, on NATS: a node ({@link io.machinarium.cluster.ClusterNode}) joins a
 * cluster with a name and the NATS servers' URLs, and from then on actor references cross process
 * boundaries — {@code tell}, {@code ask}, links and monitors work the same on an actor of another node —
 * while a message to an actor of the same node never touches NATS.
 *
 * <p>Map, mechanism → file:
 * <ul>
 *   <li>joining, the facade: {@code ClusterNode}; its settings: {@code ClusterConfig}; how a node authenticates
 *       and speaks TLS to NATS: {@code NatsAuth}</li>
 *   <li>the connection (failover, credentials, TLS, one dispatcher thread): {@code NatsLink}</li>
 *   <li>subjects of a cluster: {@code Subjects}; frame headers: {@code Frames}</li>
 *   <li>references this cluster made, and their text form: {@code ClusterRef}; to other nodes' actors, names,
 *       groups, replies: {@code RemoteActorRef}, {@code NameRef},
 *       {@code GroupRef}, {@code RemoteReply}, {@code GoneRef}; references in and out of messages,
 *       exported local actors: {@code Refs}</li>
 *   <li>sending: {@code Outbound}; receiving, and bad input: {@code Inbound}</li>
 *   <li>requests and their reply subjects: {@code Asks}</li>
 *   <li>links and monitors across nodes, {@code noconnection}: {@code RemoteWatches}</li>
 *   <li>membership and failure detection by heartbeats: {@code Membership}, {@code Member},
 *       {@code MemberEvent}</li>
 *   <li>the cluster-wide registry on JetStream key-value: {@code ClusterRegistry}; opening a bucket:
 *       {@code Buckets}; a blocking jnats call kept off the machines: {@code Blocking}</li>
 *   <li>service groups (NATS queue groups): {@code Groups}</li>
 *   <li>codecs: {@code MessageCodec} (the SPI), {@code ActorRefCodec}, {@code Codecs} (Jackson by default)</li>
 *   <li>durable actor state on JetStream key-value: {@code DurableMap}</li>
 *   <li>counters: {@code ClusterCounters}, {@code ClusterStats}; one-way messages that reached nobody:
 *       {@code Undelivered}</li>
 *   <li>failures: {@code ClusterException}, {@code MessageEncodingException},
 *       {@code RevisionConflictException} (a conditional write of a {@code DurableMap} lost)</li>
 * </ul>
 */
package io.machinarium.cluster;
