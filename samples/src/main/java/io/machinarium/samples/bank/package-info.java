/**
 * {@code bin/sample bank}: an actor microservice. {@link io.machinarium.samples.bank.BankSample} is the
 * program; {@code BankApi} serves the HTTP/1.1 requests of one connection ({@code BankConnection}) with JSON
 * for a {@code Bank}; {@code BankMetrics} answers {@code GET /metrics} from Micrometer's Prometheus registry.
 * {@code BankHttp} starts the server as a template should: a connection limit ({@code HttpLimits}), read
 * deadlines against slow clients ({@code RequestDeadlines}), a body limit with a JSON {@code 413}
 * ({@code BodyLimit}).
 *
 * <p>In one process: {@code Accounts} spreads one {@code AccountServer} (a {@code ServerBehaviour}) per
 * account over the worker machines under supervisors and makes transfers; {@code Ledger} keeps the committed
 * balances across restarts; {@code TransferGate} makes {@code GET /total} a consistent snapshot.
 *
 * <p>As a cluster ({@code --nats}), map, mechanism → file:
 * <ul>
 *   <li>a node: {@code BankNode}; its accounts {@code aFROM … aTO}: {@code AccountRange}, {@code NodeAccounts}</li>
 *   <li>an account whose balance and applied operation ids are one JetStream write: {@code DurableAccount},
 *       its stored record {@code AccountRecord}, its messages {@code AccountRequest} and {@code AccountReply}</li>
 *   <li>a call to an account on any node, and what is known after it: {@code AccountCall}</li>
 *   <li>transfers (withdraw and keep pending, deposit, settle; refund): {@code Transfers}; completing those in
 *       doubt: {@code TransferRecovery}</li>
 *   <li>the bank as one node sees it ({@code 503} for a node that is down, {@code GET /total} from the store — read record
 *       by record, so not a snapshot while transfers run, exact once none is under way —
 *       {@code GET /cluster}): {@code ClusterBank}; which accounts exist: {@code AccountDirectory}</li>
 *   <li>the cluster's Micrometer meters: {@code ClusterBank#bindMeters}, with {@code ClusterMetrics}</li>
 * </ul>
 */
package io.machinarium.samples.bank;
