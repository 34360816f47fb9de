package com.onceteller.branch.http;

import com.onceteller.domain.IdempotencyKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Keys are scoped per teller (the draft's composite lookup key: principal + key), so two tellers
 * can never collide on a key. Until the service itself stores the teller with each key (issue 11),
 * the scope is applied here: the ledger stores a key derived from the teller and the key the desk
 * sent (SHA-256, shaped as a version 4 UUID so the ledger's key rules accept it), and every answer
 * shows the desk's own key. When the service takes the teller, this becomes the identity.
 */
public interface KeyScope {

  /** The key the ledger stores for {@code key} sent by {@code teller}. */
  IdempotencyKey ledgerKey(Teller teller, IdempotencyKey key);

  /** Per teller, by derivation (see the interface). */
  KeyScope PER_TELLER =
      (teller, key) -> {
        try {
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          sha.update("onceteller/key-scope/v1|".getBytes(StandardCharsets.UTF_8));
          sha.update(teller.id().getBytes(StandardCharsets.UTF_8));
          sha.update((byte) '|');
          sha.update(key.toString().getBytes(StandardCharsets.US_ASCII));
          ByteBuffer h = ByteBuffer.wrap(sha.digest());
          long hi = (h.getLong() & ~0xF000L) | 0x4000L; // version 4
          long lo = (h.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
          return new IdempotencyKey(new UUID(hi, lo));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      };
}
