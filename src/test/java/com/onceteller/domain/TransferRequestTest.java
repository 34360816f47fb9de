package com.onceteller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour 3, the pure half: the canonical form and its SHA-256 fingerprint. */
class TransferRequestTest {

  static final TransferRequest R =
      new TransferRequest(
          "DE89370400440532013000", "DE44500105175407324931", 12_345, "EUR", "Rent March");

  @Test
  void theCanonicalFormIsPinnedBecauseStoredFingerprintsDependOnIt() {
    assertThat(R.canonicalForm())
        .isEqualTo(
            "transfer/v1|from:22=DE89370400440532013000|to:22=DE44500105175407324931"
                + "|amount:5=12345|currency:3=EUR|memo:10=Rent March");
  }

  @Test
  void theFingerprintIsTheSha256OfTheCanonicalForm() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(R.canonicalForm().getBytes(StandardCharsets.UTF_8));

    assertThat(R.fingerprint()).isEqualTo(HexFormat.of().formatHex(digest)).hasSize(64);
  }

  @Test
  void everyFieldChangesTheFingerprint() {
    assertThat(
            java.util.List.of(
                R,
                new TransferRequest(
                    "DE44500105175407324931", R.toAccount(), 12_345, "EUR", R.memo()),
                new TransferRequest(
                    R.fromAccount(), "DE89370400440532013000", 12_345, "EUR", R.memo()),
                R.withAmount(12_346),
                new TransferRequest(R.fromAccount(), R.toAccount(), 12_345, "USD", R.memo()),
                new TransferRequest(R.fromAccount(), R.toAccount(), 12_345, "EUR", "Rent April")))
        .extracting(TransferRequest::fingerprint)
        .doesNotHaveDuplicates();
  }

  @Test
  void valuesThatWouldRunTogetherInANaiveConcatenationStillFingerprintApart() {
    // Joined with "|" these two would be the same text; length prefixes keep them apart.
    TransferRequest a = new TransferRequest("A|B", "C", 1, "EUR", "");
    TransferRequest b = new TransferRequest("A", "B|C", 1, "EUR", "");
    TransferRequest c = new TransferRequest("A", "B", 1, "EUR", "x|memo:1=y");
    TransferRequest d = new TransferRequest("A", "B", 1, "EUR", "x");

    assertThat(java.util.List.of(a, b, c, d))
        .extracting(TransferRequest::fingerprint)
        .doesNotHaveDuplicates();
  }

  @Test
  void theCanonicalFormReadsBackToTheSameRequestSoItIsUnambiguous() {
    // If parse(canonical(r)) == r for every r, no two requests can share a canonical form.
    long seed = Long.getLong("onceteller.seed", new Random().nextLong());
    System.out.println(
        "TransferRequestTest seed=" + seed + " (rerun: -Donceteller.seed=" + seed + ")");
    Random random = new Random(seed);
    String alphabet = "AB|:=0123456789 /-é€\u0000\n";
    Map<String, TransferRequest> seen = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      TransferRequest r =
          new TransferRequest(
              text(random, alphabet),
              text(random, alphabet),
              random.nextLong(),
              text(random, alphabet),
              text(random, alphabet));
      String canonical = r.canonicalForm();
      assertThat(TransferRequest.fromCanonicalForm(canonical)).as("seed %d", seed).isEqualTo(r);
      TransferRequest earlier = seen.putIfAbsent(canonical, r);
      assertThat(earlier == null || earlier.equals(r)).as("seed %d", seed).isTrue();
    }
  }

  private static String text(Random random, String alphabet) {
    int n = random.nextInt(6);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  @Test
  void aMissingMemoAndAnEmptyMemoAreTheSameRequest() {
    TransferRequest none = new TransferRequest(R.fromAccount(), R.toAccount(), 1, "EUR", null);
    TransferRequest empty = new TransferRequest(R.fromAccount(), R.toAccount(), 1, "EUR", "");

    assertThat(none.fingerprint()).isEqualTo(empty.fingerprint());
  }

  @Test
  void normalisingGivesOneFormForWhatATellerWouldCallTheSameRequest() {
    TransferRequest typed =
        new TransferRequest(
            " de89 3704 0044 0532 0130 00",
            "DE44\u00a05001 0517 5407 3249 31",
            12_345,
            " eur ",
            "Cafe\u0301 Mu\u0308ller");
    TransferRequest composed =
        new TransferRequest(
            "DE89370400440532013000",
            "DE44500105175407324931",
            12_345,
            "EUR",
            "Caf\u00e9 M\u00fcller");

    assertThat(typed.normalized()).isEqualTo(composed);
    assertThat(typed.normalized().fingerprint()).isEqualTo(composed.normalized().fingerprint());
    assertThat(composed.normalized()).isEqualTo(composed);
    assertThat(typed.normalized().normalized()).isEqualTo(typed.normalized());
    assertThat(new TransferRequest("A", "B", 1, null, null).normalized().memo()).isEmpty();
  }

  @Test
  void theFingerprintItselfDoesNotNormaliseSoStoredFingerprintsNeverChange() {
    // Normalising is the service's step before fingerprinting; the canonical form stays the
    // byte-exact text of the fields (pinned above), so fingerprints stored earlier stay valid.
    TransferRequest plain = R.withAmount(1);
    TransferRequest withMark =
        new TransferRequest(R.fromAccount(), R.toAccount(), 1, "EUR", "Cafe\u0301");
    TransferRequest withLetter =
        new TransferRequest(R.fromAccount(), R.toAccount(), 1, "EUR", "Caf\u00e9");
    assertThat(withMark.fingerprint()).isNotEqualTo(withLetter.fingerprint());
    assertThat(withMark.normalized().fingerprint()).isEqualTo(withLetter.fingerprint());
    assertThat(plain.normalized()).isEqualTo(plain);
  }
}
