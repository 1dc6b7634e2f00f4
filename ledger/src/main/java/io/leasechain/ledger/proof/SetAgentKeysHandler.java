package io.leasechain.ledger.proof;

import com.google.protobuf.ByteString;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PublicKey;
import io.leasechain.ledger.Event;
import io.leasechain.ledger.Outcome;
import io.leasechain.ledger.Rejection;
import io.leasechain.ledger.bank.BankAddresses;
import io.leasechain.ledger.proof.proto.MsgSetAgentKeys;
import io.leasechain.ledger.provider.ProviderError;
import io.leasechain.ledger.provider.ProviderEvents;
import io.leasechain.ledger.provider.ProviderKeeper;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.tx.MsgContext;
import io.leasechain.ledger.tx.MsgHandler;
import java.util.List;

/** MsgSetAgentKeys: a provider names the keys its GPU hosts' job agents sign proofs with. */
public final class SetAgentKeysHandler implements MsgHandler<MsgSetAgentKeys> {

  private static final int MAX_KEYS = 16;

  @Override
  public Rejection validate(MsgSetAgentKeys msg) {
    Rejection owner = BankAddresses.check("owner", msg.getOwner());
    if (owner != null) {
      return owner;
    }
    if (msg.getPublicKeysCount() == 0 || msg.getPublicKeysCount() > MAX_KEYS) {
      return Rejection.of(ProofError.INVALID_AGENT_KEYS, "give 1..%d keys", MAX_KEYS);
    }
    if (msg.getPublicKeysList().stream().distinct().count() != msg.getPublicKeysCount()) {
      return Rejection.of(ProofError.INVALID_AGENT_KEYS, "a key is listed twice");
    }
    for (ByteString key : msg.getPublicKeysList()) {
      try {
        Ed25519PublicKey.of(key.toByteArray());
      } catch (IllegalArgumentException e) {
        return Rejection.of(ProofError.INVALID_AGENT_KEYS, "%s", e.getMessage());
      }
    }
    return null;
  }

  @Override
  public List<Address> signers(MsgSetAgentKeys msg) {
    return List.of(Address.fromBech32(msg.getOwner()));
  }

  @Override
  public Outcome execute(MsgContext context, MsgSetAgentKeys msg) {
    ProviderKeeper providers = new ProviderKeeper(context.state());
    Provider provider = providers.get(Address.fromBech32(msg.getOwner()));
    if (provider == null) {
      return Outcome.reject(ProviderError.NOT_FOUND, "%s", msg.getOwner());
    }
    providers.save(
        provider.toBuilder().clearAgentKeys().addAllAgentKeys(msg.getPublicKeysList()).build());
    return Outcome.ok(
        Event.builder("agent_keys_set")
            .indexed("address", msg.getOwner())
            .plain("keys", msg.getPublicKeysCount())
            .build(),
        ProviderEvents.ref(msg.getOwner(), "agent_keys_set"));
  }
}
