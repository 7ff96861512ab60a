package dev.geyserpool.decode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geyserpool.decode.Program;
import dev.geyserpool.decode.internal.Schema.InstructionDef;
import dev.geyserpool.decode.internal.Schema.LayoutDef;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schemas against the fact sheet's discriminator tables (every ✅ row of
 * solana-programs.md §2.1, 2.3, 2.4, 3, 4.1, 4.3, 4.4): each row is present under its program
 * with exactly that discriminator, so a typo in a layout name cannot go unnoticed.
 */
class SchemaTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "PUMP instruction add_quote_mint 6f79153828185ed1",
      "PUMP instruction admin_set_creator 4519ab8e39ef0d04",
      "PUMP instruction admin_set_idl_authority 08d960e79068c005",
      "PUMP instruction admin_update_token_incentives d10b7357d5177ccc",
      "PUMP instruction buy 66063d1201daebea",
      "PUMP instruction buy_exact_quote_in_v2 c2ab1c46684d5b2f",
      "PUMP instruction buy_exact_sol_in 38fc74089edfcd5f",
      "PUMP instruction buy_v2 b817ee6167c5d33d",
      "PUMP instruction claim_cashback 253a237ebe35e4c5",
      "PUMP instruction claim_cashback_v2 7af3cc415e741d37",
      "PUMP instruction claim_token_incentives 1004471ccc01281b",
      "PUMP instruction close_user_volume_accumulator f945a4da9667548a",
      "PUMP instruction collect_creator_fee 1416567bc61cdb84",
      "PUMP instruction collect_creator_fee_v2 cf118af204221338",
      "PUMP instruction create 181ec828051c0777",
      "PUMP instruction create_v2 d6904cec5f8b31b4",
      "PUMP instruction distribute_creator_fees a572670079cef751",
      "PUMP instruction distribute_creator_fees_v2 ffcb134ff444089f",
      "PUMP instruction extend_account ea66c2cb96483ee5",
      "PUMP instruction get_minimum_distributable_fee 75e17fca865f4423",
      "PUMP instruction init_user_volume_accumulator 5e06ca73ff60e8b7",
      "PUMP instruction initialize afaf6d1f0d989bed",
      "PUMP instruction migrate 9beae792ec9ea21e",
      "PUMP instruction migrate_bonding_curve_creator 577c34bf3426d6e8",
      "PUMP instruction migrate_v2 bbcb121fceedfe29",
      "PUMP instruction remove_quote_mint b141df2658d19e9b",
      "PUMP instruction sell 33e685a4017f83ad",
      "PUMP instruction sell_v2 5df6823ce7e940b2",
      "PUMP instruction set_creator fe94ff70cf8eaaa5",
      "PUMP instruction set_mayhem_virtual_params 3da9bcbf99952a61",
      "PUMP instruction set_metaplex_creator 8a60aed93055c5f6",
      "PUMP instruction set_params 1beab2349302bb8d",
      "PUMP instruction set_reserved_fee_recipients 6faca2e87259d58e",
      "PUMP instruction set_virtual_quote_reserves 6587bf6809581460",
      "PUMP instruction sync_user_volume_accumulator 561fc057a3574fee",
      "PUMP instruction toggle_cashback_enabled 7367e0ffbd5956c3",
      "PUMP instruction toggle_create_v2 1cffe6f0ac6bcbab",
      "PUMP instruction toggle_mayhem_mode 01096fd0641fffa3",
      "PUMP instruction update_buyback_config fbe0ab92a01a71e9",
      "PUMP instruction update_global_authority e3b54ac4d01561d5",
      "PUMP account BondingCurve 17b7f83760d8ac60",
      "PUMP account Global a7e8e8b1c86c727f",
      "PUMP account GlobalVolumeAccumulator ca2af62b8ebe1eff",
      "PUMP account UserVolumeAccumulator 56ff700e66359afa",
      "PUMP event AdminSetCreatorEvent 4045c0681d1e196b",
      "PUMP event AdminSetIdlAuthorityEvent f53b46224bb96d5c",
      "PUMP event AdminUpdateTokenIncentivesEvent 93fa6c78f71d43de",
      "PUMP event ClaimCashbackEvent e2d6f62107f293e5",
      "PUMP event ClaimTokenIncentivesEvent 4facf631cd5bcee8",
      "PUMP event CloseUserVolumeAccumulatorEvent 929fbdac925838f4",
      "PUMP event CollectCreatorFeeEvent 7a027f010ebf0caf",
      "PUMP event CompleteEvent 5f72619cd42e9808",
      "PUMP event CompletePumpAmmMigrationEvent bde95db95c94ea94",
      "PUMP event CreateEvent 1b72a94ddeeb6376",
      "PUMP event DistributeCreatorFeesEvent a537817004b3ca28",
      "PUMP event ExtendAccountEvent 6161d7905d92167c",
      "PUMP event InitUserVolumeAccumulatorEvent 86240d48e86582d8",
      "PUMP event MigrateBondingCurveCreatorEvent 9ba768dcd56cf303",
      "PUMP event MinimumDistributableFeeEvent a8d884efebb63134",
      "PUMP event ReservedFeeRecipientsEvent 2bbcfa12dd4bbb5f",
      "PUMP event SetCreatorEvent ed347b25f5fb48d2",
      "PUMP event SetMetaplexCreatorEvent 8ecb06207f69bfa2",
      "PUMP event SetParamsEvent dfc39ff63e308f83",
      "PUMP event SyncUserVolumeAccumulatorEvent c57aa77c74515bff",
      "PUMP event TradeEvent bddb7fd34ee661ee",
      "PUMP event UpdateGlobalAuthorityEvent b6c3892a23cecff7",
      "PUMP event UpdateMayhemVirtualParamsEvent 757be4b6a1a8dcd6",
      "PUMP_AMM instruction buy 66063d1201daebea",
      "PUMP_AMM instruction buy_exact_quote_in c62e1552b4d9e870",
      "PUMP_AMM instruction collect_coin_creator_fee a039592ab58b2b42",
      "PUMP_AMM instruction create_config c9cff3724b6f2fbd",
      "PUMP_AMM instruction create_pool e992d18ecf6840bc",
      "PUMP_AMM instruction deposit f223c68952e1f2b6",
      "PUMP_AMM instruction extend_account ea66c2cb96483ee5",
      "PUMP_AMM instruction sell 33e685a4017f83ad",
      "PUMP_AMM instruction withdraw b712469c946da122",
      "PUMP_AMM account GlobalConfig 95089ccaa0fcb0d9",
      "PUMP_AMM account GlobalVolumeAccumulator ca2af62b8ebe1eff",
      "PUMP_AMM account Pool f19a6d0411b16dbc",
      "PUMP_AMM account UserVolumeAccumulator 56ff700e66359afa",
      "PUMP_AMM event AdminSetCoinCreatorEvent 2ddc5d181961ac68",
      "PUMP_AMM event AdminUpdateTokenIncentivesEvent 93fa6c78f71d43de",
      "PUMP_AMM event BuyEvent 67f4521f2cf57777",
      "PUMP_AMM event ClaimCashbackEvent e2d6f62107f293e5",
      "PUMP_AMM event ClaimTokenIncentivesEvent 4facf631cd5bcee8",
      "PUMP_AMM event CloseUserVolumeAccumulatorEvent 929fbdac925838f4",
      "PUMP_AMM event CollectCoinCreatorFeeEvent e8f5c2eeeada3a59",
      "PUMP_AMM event CreateConfigEvent 6b34598137e25116",
      "PUMP_AMM event CreatePoolEvent b1310cd2a076a774",
      "PUMP_AMM event DepositEvent 78f83d531f8e6b90",
      "PUMP_AMM event DisableEvent 6bfdc14ce4ca1b68",
      "PUMP_AMM event ExtendAccountEvent 6161d7905d92167c",
      "PUMP_AMM event InitUserVolumeAccumulatorEvent 86240d48e86582d8",
      "PUMP_AMM event MigratePoolCoinCreatorEvent aadd52c793a5f72e",
      "PUMP_AMM event ReservedFeeRecipientsEvent 2bbcfa12dd4bbb5f",
      "PUMP_AMM event SellEvent 3e2f370aa503dc2a",
      "PUMP_AMM event SetBondingCurveCoinCreatorEvent f2e7eb664163bdd3",
      "PUMP_AMM event SetMetaplexCoinCreatorEvent 966bc77b7ccf66e4",
      "PUMP_AMM event SyncUserVolumeAccumulatorEvent c57aa77c74515bff",
      "PUMP_AMM event UpdateAdminEvent e198ab57f63f42ea",
      "PUMP_AMM event UpdateFeeConfigEvent 5a1741233ef4bcd0",
      "PUMP_AMM event WithdrawEvent 1609851aa02c47c0",
      "LAUNCHLAB instruction buy_exact_in faea0d7bd59c13ec",
      "LAUNCHLAB instruction buy_exact_out 18d3742869039938",
      "LAUNCHLAB instruction claim_creator_fee 1a618acb84ab8dfc",
      "LAUNCHLAB instruction claim_platform_fee 9c27d0874ced3d48",
      "LAUNCHLAB instruction claim_platform_fee_from_vault 75f1c6a8f8da501d",
      "LAUNCHLAB instruction claim_vested_token 3121681ebd9d4f23",
      "LAUNCHLAB instruction collect_fee 3cadf767045d8230",
      "LAUNCHLAB instruction collect_migrate_fee ffba96dfeb76c9ba",
      "LAUNCHLAB instruction create_config c9cff3724b6f2fbd",
      "LAUNCHLAB instruction create_platform_config b05ac4affd71dc14",
      "LAUNCHLAB instruction create_vesting_account 81b2020dd9ace6da",
      "LAUNCHLAB instruction initialize afaf6d1f0d989bed",
      "LAUNCHLAB instruction initialize_v2 4399af27da102620",
      "LAUNCHLAB instruction initialize_with_token_2022 25be7ede2c9aab11",
      "LAUNCHLAB instruction migrate_to_amm cf52c091fecf91df",
      "LAUNCHLAB instruction migrate_to_cpswap 885cc8671cda908c",
      "LAUNCHLAB instruction remove_platform_curve_param 1b1e3ea95de01891",
      "LAUNCHLAB instruction sell_exact_in 9527de9bd37c981a",
      "LAUNCHLAB instruction sell_exact_out 5fc8472208090ba6",
      "LAUNCHLAB instruction update_config 1d9efcbf0a53db63",
      "LAUNCHLAB instruction update_platform_config c33c4c81922d438f",
      "LAUNCHLAB instruction update_platform_curve_param 8a908afadc800439",
      "LAUNCHLAB account GlobalConfig 95089ccaa0fcb0d9",
      "LAUNCHLAB account PlatformConfig a04e8000f853e6a0",
      "LAUNCHLAB account PoolState f7ede3f5d7c3de46",
      "LAUNCHLAB account VestingRecord 6af3ddcde67e5553",
      "LAUNCHLAB event ClaimVestedEvent 15c2725778d3e220",
      "LAUNCHLAB event CreateVestingEvent 96980bb334d2bf7d",
      "LAUNCHLAB event PoolCreateEvent 97d7e20976a173ae",
      "LAUNCHLAB event TradeEvent bddb7fd34ee661ee",
      "PUMP instruction withdraw b712469c946da122",
      "PUMP account LastWithdraw cb12dc677891bb02"})
  void factSheetDiscriminatorIsInTheSchema(String row) {
    String[] r = row.split(" ");
    Schema schema = Schemas.of(Program.valueOf(r[0]));
    long d = Long.parseUnsignedLong(r[3], 16);

    String name;
    switch (r[1]) {
      case "instruction": name = schema.instruction(d).name(); break;
      case "event": name = schema.event(d).name(); break;
      default: name = schema.account(d).name(); break;
    }

    assertThat(name).isEqualTo(r[2]);
  }

  @Test
  void everyIdlInstructionIsDeclared() {
    // pump.json has 40 instructions (+ legacy withdraw), pump_amm.json 27, LaunchLab 22.
    assertThat(Schemas.of(Program.PUMP).instructions()).hasSize(41);
    assertThat(Schemas.of(Program.PUMP_AMM).instructions()).hasSize(27);
    assertThat(Schemas.of(Program.LAUNCHLAB).instructions()).hasSize(22);
    assertThat(Schemas.of(Program.PUMP).events()).hasSize(23);
    assertThat(Schemas.of(Program.PUMP_AMM).events()).hasSize(22);
    assertThat(Schemas.of(Program.LAUNCHLAB).events()).hasSize(4);
    assertThat(names(Schemas.of(Program.PUMP).accounts())).containsExactly(
        "BondingCurve", "Global", "GlobalVolumeAccumulator", "UserVolumeAccumulator", "LastWithdraw");
    assertThat(names(Schemas.of(Program.PUMP_AMM).accounts())).containsExactly(
        "GlobalConfig", "GlobalVolumeAccumulator", "Pool", "UserVolumeAccumulator");
    assertThat(names(Schemas.of(Program.LAUNCHLAB).accounts())).containsExactly(
        "GlobalConfig", "PlatformConfig", "PoolState", "VestingRecord");
  }

  @Test
  void createAccountListMatchesTheFactSheet() {
    InstructionDef create = Schemas.of(Program.PUMP).instruction(Discriminator.instruction("create"));

    assertThat(create.accounts()).containsExactly("mint", "mint_authority", "bonding_curve",
        "associated_bonding_curve", "global", "mpl_token_metadata", "metadata", "user", "system_program",
        "token_program", "associated_token_program", "rent", "event_authority", "program");
  }

  @Test
  void sellSwapsCreatorVaultAndTokenProgramRelativeToBuy() {
    Schema pump = Schemas.of(Program.PUMP);
    List<String> buy = pump.instruction(Discriminator.instruction("buy")).accounts();
    List<String> sell = pump.instruction(Discriminator.instruction("sell")).accounts();

    assertThat(buy.subList(8, 10)).containsExactly("token_program", "creator_vault");
    assertThat(sell.subList(8, 10)).containsExactly("creator_vault", "token_program");
  }

  @Test
  void eventTagIsTheReversedAnchorEventHash() throws Exception {
    byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
        .digest("anchor:event".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(Long.reverseBytes(Discriminator.read(sha, 0))).isEqualTo(Discriminator.EVENT_IX_TAG);
    assertThat(Discriminator.hex(Discriminator.EVENT_IX_TAG)).isEqualTo("e445a52e51cb9a1d");
  }

  private static List<String> names(Collection<LayoutDef> defs) {
    return defs.stream().map(LayoutDef::name).toList();
  }
}
