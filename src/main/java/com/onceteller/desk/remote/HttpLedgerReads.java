package com.onceteller.desk.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.LedgerReads;
import com.onceteller.domain.TransferSummary;
import com.onceteller.wire.Wire;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desktop's read side against the branch server ({@code GET /v1/accounts}, {@code
 * /v1/journal}). A branch that cannot be reached is an {@link IllegalStateException}; the views
 * show it like an unreadable ledger.
 */
public final class HttpLedgerReads implements LedgerReads {

  private final BranchConnection branch;

  public HttpLedgerReads(BranchConnection branch) {
    this.branch = branch;
  }

  @Override
  public List<AccountSummary> accounts() {
    List<AccountSummary> list = new ArrayList<>();
    get("/v1/accounts").forEach(a -> list.add(Wire.account(a)));
    return list;
  }

  @Override
  public Optional<AccountSummary> account(String number) {
    if (number == null || number.isBlank()) {
      return Optional.empty();
    }
    BranchConnection.Answer a = exchange("/v1/accounts/" + encode(number.replace(" ", "")));
    if (a.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(Wire.account(parse(a)));
  }

  @Override
  public List<AccountSummary> searchAccounts(String text, int limit) {
    List<AccountSummary> list = new ArrayList<>();
    get("/v1/accounts?search=" + encode(text == null ? "" : text) + "&limit=" + limit)
        .forEach(a -> list.add(Wire.account(a)));
    return list;
  }

  @Override
  public List<TransferSummary> journal(Instant since, String search, int limit) {
    List<TransferSummary> list = new ArrayList<>();
    get("/v1/journal?since="
            + encode(since.toString())
            + (search == null ? "" : "&search=" + encode(search))
            + "&limit="
            + limit)
        .forEach(t -> list.add(Wire.transfer(t)));
    return list;
  }

  /** From the journal: the transfers whose key is {@code key} (any teller's). */
  @Override
  public long countTransfersForKey(java.util.UUID key) {
    return journal(Instant.EPOCH, key.toString(), 500).stream()
        .filter(t -> t.key().value().equals(key))
        .count();
  }

  @Override
  public Map<String, Long> totalsByCurrency() {
    Map<String, Long> totals = new TreeMap<>();
    for (AccountSummary a : accounts()) {
      totals.merge(a.currency(), a.balanceMinor(), Long::sum);
    }
    return totals;
  }

  private JsonNode get(String path) {
    BranchConnection.Answer a = exchange(path);
    if (a.status() != 200) {
      throw new IllegalStateException("The branch answered HTTP " + a.status() + " to " + path);
    }
    return parse(a);
  }

  private BranchConnection.Answer exchange(String path) {
    try {
      return branch.exchange(branch.request(path).GET().build());
    } catch (NoResponseException e) {
      throw new IllegalStateException(
          "The branch server could not be reached: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(BranchConnection.Answer a) {
    try {
      return Wire.parse(a.body(), FieldError.Field.KEY);
    } catch (Wire.WireException e) {
      throw new IllegalStateException("The branch's answer is malformed.", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
