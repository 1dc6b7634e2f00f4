package io.leasechain.ledger.provider;

import io.leasechain.crypto.Address;
import io.leasechain.ledger.provider.proto.Auditor;
import io.leasechain.ledger.provider.proto.Provider;
import io.leasechain.ledger.provider.proto.ProviderState;
import io.leasechain.ledger.state.Index;
import io.leasechain.ledger.state.KeySpace;
import io.leasechain.ledger.state.KeyValueState;
import io.leasechain.ledger.state.Keys;
import io.leasechain.ledger.state.ReadableState;
import io.leasechain.ledger.state.Records;
import java.nio.charset.StandardCharsets;

/** Typed access to providers and auditors, keeping their secondary indexes in step. */
public final class ProviderKeeper {

  public static final Index BY_STATE = new Index(KeySpace.PROVIDERS_BY_STATE);
  public static final Index BY_GPU_MODEL = new Index(KeySpace.PROVIDERS_BY_GPU_MODEL);
  public static final Index UNBONDING = new Index(KeySpace.PROVIDER_UNBONDING);

  private final KeyValueState state;

  public ProviderKeeper(KeyValueState state) {
    this.state = state;
  }

  public static byte[] key(Address address) {
    return Keys.of(KeySpace.PROVIDER, address.bytes());
  }

  public static Provider get(ReadableState state, Address address) {
    return Records.read(state, key(address), Provider.parser());
  }

  public static Auditor auditor(ReadableState state, Address address) {
    return Records.read(state, Keys.of(KeySpace.AUDITOR, address.bytes()), Auditor.parser());
  }

  public static byte[] stateKey(ProviderState providerState) {
    return new byte[] {(byte) providerState.getNumber()};
  }

  public static byte[] modelKey(String gpuModel) {
    byte[] model = gpuModel.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[model.length + 1];
    System.arraycopy(model, 0, key, 0, model.length);
    return key;
  }

  public Provider get(Address address) {
    return get(state, address);
  }

  /** Stores {@code provider}, moving its index entries if its state or GPU model changed. */
  public void save(Provider provider) {
    Address address = Address.fromBech32(provider.getAddress());
    Provider old = get(address);
    if (old != null) {
      BY_STATE.remove(state, stateKey(old.getState()), address.bytes());
      BY_GPU_MODEL.remove(state, modelKey(old.getAttributes().getGpuModel()), address.bytes());
      if (old.getUnbondingHeight() != 0) {
        UNBONDING.remove(state, Keys.uint64(old.getUnbondingHeight()), address.bytes());
      }
    }
    BY_STATE.add(state, stateKey(provider.getState()), address.bytes());
    BY_GPU_MODEL.add(state, modelKey(provider.getAttributes().getGpuModel()), address.bytes());
    if (provider.getUnbondingHeight() != 0) {
      UNBONDING.add(state, Keys.uint64(provider.getUnbondingHeight()), address.bytes());
    }
    state.put(key(address), provider.toByteArray());
  }

  public Auditor auditor(Address address) {
    return auditor(state, address);
  }

  public void saveAuditor(Auditor auditor) {
    state.put(
        Keys.of(KeySpace.AUDITOR, Address.fromBech32(auditor.getAddress()).bytes()),
        auditor.toByteArray());
  }

  public void removeAuditor(Address address) {
    state.delete(Keys.of(KeySpace.AUDITOR, address.bytes()));
  }
}
