package io.leasechain.node.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.leasechain.ledger.provider.proto.Attributes;
import io.leasechain.ledger.provider.proto.MsgAttestProvider;
import io.leasechain.ledger.provider.proto.MsgRegisterProvider;
import io.leasechain.ledger.provider.proto.MsgRetireProvider;
import io.leasechain.ledger.provider.proto.MsgUpdateProvider;
import io.leasechain.ledger.tx.proto.Msg;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `leasechain tx provider`: register, update and retire a GPU provider; auditors attest it. */
@Command(
    name = "provider",
    description = "Provider transactions.",
    subcommands = {
      ProviderTxCommand.Register.class,
      ProviderTxCommand.Update.class,
      ProviderTxCommand.Retire.class,
      ProviderTxCommand.Attest.class
    })
final class ProviderTxCommand {

  private ProviderTxCommand() {}

  @Command(
      name = "register",
      description =
          "Register the key's account as a provider, locking --bond (pending until the council approves).")
  static final class Register extends SigningCommand {
    @Mixin ProviderOfferOptions offer;

    @Option(
        names = "--bond",
        required = true,
        paramLabel = "AMOUNT",
        converter = Converters.Ulease.class,
        description = "ulease to lock, e.g. 1000lease")
    long bond;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setRegisterProvider(
              MsgRegisterProvider.newBuilder()
                  .setOwner(signer)
                  .setHostUri(offer.hostUri)
                  .setRegion(offer.region)
                  .setAttributes(offer.attributes())
                  .addAllLabels(offer.labels())
                  .setBond(bond))
          .build();
    }
  }

  @Command(
      name = "update",
      description =
          "Replace the provider's host, region, attributes and labels (changed attributes void attestations).")
  static final class Update extends SigningCommand {
    @Mixin ProviderOfferOptions offer;

    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setUpdateProvider(
              MsgUpdateProvider.newBuilder()
                  .setOwner(signer)
                  .setHostUri(offer.hostUri)
                  .setRegion(offer.region)
                  .setAttributes(offer.attributes())
                  .addAllLabels(offer.labels()))
          .build();
    }
  }

  @Command(
      name = "retire",
      description = "Retire the provider; its bond returns after the unbonding period.")
  static final class Retire extends SigningCommand {
    @Override
    Msg message(String signer) {
      return Msg.newBuilder()
          .setRetireProvider(MsgRetireProvider.newBuilder().setOwner(signer))
          .build();
    }
  }

  @Command(
      name = "attest",
      description = "As an auditor (KEY), attest that a provider's attributes are as registered.")
  static final class Attest extends SigningCommand {

    @Parameters(
        index = "1",
        paramLabel = "PROVIDER",
        description = "Provider: lease1… address or key name")
    String provider;

    @Option(
        names = "--attribute",
        required = true,
        split = ",",
        paramLabel = "NAME",
        description =
            "Attribute checked, e.g. gpu_model (repeatable): one of gpu_model, vram_gib, gpu_count, "
                + "interconnect, cpu_millicores, memory_mib, storage_gib, storage_class, public_ips")
    List<String> attributes;

    @Override
    Msg message(String signer) {
      // Read here, not in a static field: picocli instantiates every command to run any one, and
      // building the proto descriptors would slow every CLI command down.
      List<String> attributeNames =
          Attributes.getDescriptor().getFields().stream().map(FieldDescriptor::getName).toList();
      for (String attribute : attributes) {
        if (!attributeNames.contains(attribute)) {
          throw new IllegalArgumentException(
              "--attribute '" + attribute + "' is not one of " + String.join(", ", attributeNames));
        }
      }
      return Msg.newBuilder()
          .setAttestProvider(
              MsgAttestProvider.newBuilder()
                  .setAuditor(signer)
                  .setProvider(account(provider))
                  .addAllAttributeKeys(attributes))
          .build();
    }
  }
}
