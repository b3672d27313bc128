/**
 * {@code bin/sample bank}: an actor microservice. {@link io.machinarium.samples.bank.BankSample} is the
 * program; {@code Accounts} spreads one {@code AccountServer} (a {@code ServerBehaviour}) per account
 * over the worker machines under supervisors and makes transfers; {@code Ledger} keeps the committed
 * balances across restarts; {@code BankApi} serves the HTTP/1.1 requests of one connection with JSON;
 * {@code BankMetrics} answers {@code GET /metrics}.
 */
package io.machinarium.samples.bank;
