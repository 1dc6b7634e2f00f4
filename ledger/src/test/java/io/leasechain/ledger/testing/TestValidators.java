package io.leasechain.ledger.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.leasechain.crypto.Address;
import io.leasechain.crypto.Ed25519PrivateKey;
import io.leasechain.crypto.Hashes;
import io.leasechain.ledger.BlockContext;
import io.leasechain.ledger.BlockResult;
import io.leasechain.ledger.GenesisState;
import io.leasechain.ledger.authority.proto.AddValidator;
import io.leasechain.ledger.authority.proto.CouncilAction;
import io.leasechain.ledger.authority.proto.RemoveValidator;
import io.leasechain.ledger.authority.proto.SetValidatorPower;
import io.leasechain.ledger.query.LedgerQueries;
import io.leasechain.ledger.query.QueryResult;
import io.leasechain.ledger.query.proto.ParamsResponse;
import io.leasechain.ledger.query.proto.ValidatorsResponse;
import io.leasechain.ledger.rewards.proto.EmissionState;
import io.leasechain.ledger.rewards.proto.Validator;
import io.leasechain.ledger.state.ReadableState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Validators for tests: consensus keys and reward (operator) accounts from fixed seeds, genesis
 * entries, decided_last_commit votes and evidence as CometBFT reports them, the council's
 * validator-set actions, and the rewards queries decoded.
 */
public final class TestValidators {

  private TestValidators() {}

  /**
   * Consensus key of test validator {@code i}; the same on every run, distinct from {@link
   * TestChain#key}.
   */
  public static Ed25519PrivateKey key(int i) {
    return Ed25519PrivateKey.fromSeed(
        Hashes.sha256(("leasechain/test-validator/" + i).getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] publicKey(int i) {
    return key(i).publicKey().bytes();
  }

  /** CometBFT's 20-byte address of validator {@code i}. */
  public static byte[] address(int i) {
    return key(i).publicKey().address().bytes();
  }

  /** Upper-case hex of {@link #address}, as /validator/{HEX} and events spell it. */
  public static String hex(int i) {
    return HexFormat.of().withUpperCase().formatHex(address(i));
  }

  /**
   * The reward account of validator {@code i}: nobody funds it, so its balance is what it earned.
   */
  public static Address operator(int i) {
    return Ed25519PrivateKey.fromSeed(
            Hashes.sha256(("leasechain/test-operator/" + i).getBytes(StandardCharsets.UTF_8)))
        .publicKey()
        .address();
  }

  public static GenesisState.Validator genesis(int i, long power) {
    return new GenesisState.Validator(publicKey(i), power, operator(i));
  }

  /** Genesis validators 0..n-1 with the given powers. */
  public static List<GenesisState.Validator> genesis(long... powers) {
    List<GenesisState.Validator> validators = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      validators.add(genesis(i, powers[i]));
    }
    return validators;
  }

  // ---- decided_last_commit and evidence ---------------------------------------------------

  public static BlockContext.Vote signed(int i, long power) {
    return new BlockContext.Vote(address(i), power, true);
  }

  /** Validator {@code i} is in the last commit but did not sign (BLOCK_ID_FLAG_ABSENT/NIL). */
  public static BlockContext.Vote absent(int i, long power) {
    return new BlockContext.Vote(address(i), power, false);
  }

  /** Votes of validators 0..n-1, all signed, with the given powers. */
  public static List<BlockContext.Vote> allSigned(long... powers) {
    List<BlockContext.Vote> votes = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      votes.add(signed(i, powers[i]));
    }
    return votes;
  }

  public static BlockContext.Misbehaviour duplicateVote(int i, long height) {
    return new BlockContext.Misbehaviour(address(i), "DUPLICATE_VOTE", height);
  }

  public static BlockContext.Misbehaviour lightClientAttack(int i, long height) {
    return new BlockContext.Misbehaviour(address(i), "LIGHT_CLIENT_ATTACK", height);
  }

  // ---- council actions --------------------------------------------------------------------

  public static CouncilAction add(byte[] publicKey, long power, String operator) {
    return CouncilAction.newBuilder()
        .setAddValidator(
            AddValidator.newBuilder()
                .setPublicKey(ByteString.copyFrom(publicKey))
                .setPower(power)
                .setOperator(operator))
        .build();
  }

  public static CouncilAction add(int i, long power) {
    return add(publicKey(i), power, operator(i).toBech32());
  }

  public static CouncilAction setPower(byte[] publicKey, long power) {
    return CouncilAction.newBuilder()
        .setSetValidatorPower(
            SetValidatorPower.newBuilder()
                .setPublicKey(ByteString.copyFrom(publicKey))
                .setPower(power))
        .build();
  }

  public static CouncilAction setPower(int i, long power) {
    return setPower(publicKey(i), power);
  }

  public static CouncilAction remove(byte[] publicKey) {
    return CouncilAction.newBuilder()
        .setRemoveValidator(
            RemoveValidator.newBuilder().setPublicKey(ByteString.copyFrom(publicKey)))
        .build();
  }

  public static CouncilAction remove(int i) {
    return remove(publicKey(i));
  }

  // ---- reading ----------------------------------------------------------------------------

  /** The block's validator updates as "hex(public key)=power", in the order returned. */
  public static List<String> updates(BlockResult block) {
    return block.validatorUpdates().stream()
        .map(u -> HexFormat.of().formatHex(u.publicKey()) + "=" + u.power())
        .toList();
  }

  /**
   * The expected rendering of validator {@code i}'s update to {@code power}, as {@link #updates}.
   */
  public static String update(int i, long power) {
    return HexFormat.of().formatHex(publicKey(i)) + "=" + power;
  }

  public static ValidatorsResponse validators(ReadableState state, long height) {
    try {
      return ValidatorsResponse.parseFrom(query(state, "/validators", height).value());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** /validator/{HEX} for validator {@code i}; null when the query answers "not found". */
  public static Validator validator(ReadableState state, int i, long height) {
    QueryResult result = LedgerQueries.answer(state, "/validator/" + hex(i), height);
    if (!result.isOk()) {
      return null;
    }
    try {
      return Validator.parseFrom(result.value());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** The emission state without its epoch start height, which {@link #epochStart} reads. */
  public static EmissionState emission(ReadableState state, long height) {
    return emissionRecord(state, height).toBuilder().clearEpochStartHeight().build();
  }

  public static long epochStart(ReadableState state, long height) {
    return emissionRecord(state, height).getEpochStartHeight();
  }

  private static EmissionState emissionRecord(ReadableState state, long height) {
    try {
      return EmissionState.parseFrom(query(state, "/emission", height).value());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  public static ParamsResponse params(ReadableState state, long height) {
    try {
      return ParamsResponse.parseFrom(query(state, "/params", height).value());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static QueryResult query(ReadableState state, String path, long height) {
    QueryResult result = LedgerQueries.answer(state, path, height);
    if (result == null || !result.isOk()) {
      throw new AssertionError(
          path + " failed: " + (result == null ? "unknown path" : result.rejection().log()));
    }
    return result;
  }
}
