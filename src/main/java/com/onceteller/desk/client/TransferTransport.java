package com.onceteller.desk.client;

import com.onceteller.domain.TransferOutcome;

/**
 * The boundary between the teller's client and the transfer service. Embedded, it is a direct call
 * ({@link LocalTransport}); across a network it would be HTTP. Either way a call can end without an
 * answer, and the client cannot tell whether the service acted.
 */
public interface TransferTransport {

  /**
   * Delivers one attempt and returns the service's answer.
   *
   * @throws NoResponseException when no answer came back (request lost, connection dropped,
   *     response lost): the transfer may or may not have happened
   */
  TransferOutcome send(Envelope envelope) throws NoResponseException;
}
