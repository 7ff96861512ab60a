package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.Program;

/**
 * The Pump.fun bonding-curve program's layouts: every instruction of
 * {@code pump-fun/pump-public-docs idl/pump.json} @1b82215 (2026-05-19) with its arguments and
 * account names, the legacy {@code withdraw} and {@code LastWithdraw} (pre-2025-03 migration,
 * fact sheet §2.1), every event, and the account types the program owns. Field order is the
 * current IDL's; older data is a prefix of it (fact sheet §2.4 history) and reads as such.
 * {@code FeeConfig} and {@code SharingConfig} belong to the pump fees program and are left out.
 * The layouts pump_amm declares identically come from {@link PumpSharedLayouts}.
 *
 * <p>Immutable once built; shared by all threads.
 */
final class PumpSchema {
  /** The accounts of {@code buy} and {@code buy_exact_sol_in}. */
  private static final String BUY_ACCOUNTS =
      "global fee_recipient mint bonding_curve associated_bonding_curve associated_user user "
      + "system_program token_program creator_vault event_authority program "
      + "global_volume_accumulator user_volume_accumulator fee_config fee_program";
  /**
   * The accounts of {@code buy_v2} and {@code buy_exact_quote_in_v2} ({@code sell_v2} takes them
   * without {@code global_volume_accumulator}).
   */
  private static final String BUY_V2_ACCOUNTS =
      "global base_mint quote_mint base_token_program quote_token_program "
      + "associated_token_program fee_recipient associated_quote_fee_recipient "
      + "buyback_fee_recipient associated_quote_buyback_fee_recipient bonding_curve "
      + "associated_base_bonding_curve associated_quote_bonding_curve user associated_base_user "
      + "associated_quote_user creator_vault associated_creator_vault sharing_config "
      + "global_volume_accumulator user_volume_accumulator associated_user_volume_accumulator "
      + "fee_config fee_program system_program event_authority program";

  static final Schema SCHEMA = build();

  private PumpSchema() {}

  private static Schema build() {
    return new Schema(Program.PUMP)
        .struct("Shareholder", "address:pubkey share_bps:u16")
        .instruction("add_quote_mint", "quote_mint:pubkey",
            "global authority event_authority program")
        .instruction("admin_set_creator", "creator:pubkey",
            "admin_set_creator_authority global mint bonding_curve event_authority program")
        .instruction("admin_set_idl_authority", "idl_authority:pubkey",
            "authority global idl_account system_program program_signer event_authority program")
        .instruction("admin_update_token_incentives", "start_time:i64 end_time:i64 seconds_in_a_day:i64 day_number:u64 "
            + "pump_token_supply_per_day:u64",
            "authority global global_volume_accumulator mint global_incentive_token_account "
            + "associated_token_program system_program token_program event_authority program")
        .instruction("buy", "amount:u64 max_sol_cost:u64 track_volume:OptionBool",
            BUY_ACCOUNTS)
        .instruction("buy_exact_quote_in_v2", "spendable_quote_in:u64 min_tokens_out:u64",
            BUY_V2_ACCOUNTS)
        .instruction("buy_exact_sol_in", "spendable_sol_in:u64 min_tokens_out:u64 track_volume:OptionBool",
            BUY_ACCOUNTS)
        .instruction("buy_v2", "amount:u64 max_sol_cost:u64",
            BUY_V2_ACCOUNTS)
        .instruction("claim_cashback", "",
            "user user_volume_accumulator system_program event_authority program")
        .instruction("claim_cashback_v2", "",
            "user user_volume_accumulator quote_mint quote_token_program associated_token_program "
            + "associated_user_volume_accumulator associated_quote_user system_program "
            + "event_authority program")
        .instruction("claim_token_incentives", "",
            PumpSharedLayouts.CLAIM_TOKEN_INCENTIVES_ACCOUNTS)
        .instruction("close_user_volume_accumulator", "",
            PumpSharedLayouts.CLOSE_USER_VOLUME_ACCUMULATOR_ACCOUNTS)
        .instruction("collect_creator_fee", "",
            "creator creator_vault system_program event_authority program")
        .instruction("collect_creator_fee_v2", "",
            "creator creator_token_account creator_vault creator_vault_token_account quote_mint "
            + "quote_token_program associated_token_program system_program event_authority program")
        .instruction("create", "name:string symbol:string uri:string creator:pubkey",
            "mint mint_authority bonding_curve associated_bonding_curve global mpl_token_metadata "
            + "metadata user system_program token_program associated_token_program rent "
            + "event_authority program")
        .instruction("create_v2", "name:string symbol:string uri:string creator:pubkey is_mayhem_mode:bool "
            + "is_cashback_enabled:OptionBool",
            "mint mint_authority bonding_curve associated_bonding_curve global user "
            + "system_program token_program associated_token_program mayhem_program_id "
            + "global_params sol_vault mayhem_state mayhem_token_vault event_authority program")
        .instruction("distribute_creator_fees", "",
            "mint bonding_curve sharing_config creator_vault system_program event_authority "
            + "program")
        .instruction("distribute_creator_fees_v2", "initialize_ata:bool",
            "payer mint bonding_curve sharing_config creator_vault system_program event_authority "
            + "program creator_vault_quote_token_account quote_mint quote_token_program "
            + "associated_token_program")
        .instruction("extend_account", "",
            PumpSharedLayouts.EXTEND_ACCOUNT_ACCOUNTS)
        .instruction("get_minimum_distributable_fee", "",
            "mint bonding_curve sharing_config creator_vault")
        .instruction("init_user_volume_accumulator", "",
            PumpSharedLayouts.INIT_USER_VOLUME_ACCUMULATOR_ACCOUNTS)
        .instruction("initialize", "",
            "global user system_program")
        .instruction("migrate", "",
            "global withdraw_authority mint bonding_curve associated_bonding_curve user "
            + "system_program token_program pump_amm pool pool_authority "
            + "pool_authority_mint_account pool_authority_wsol_account amm_global_config wsol_mint "
            + "lp_mint user_pool_token_account pool_base_token_account pool_quote_token_account "
            + "token_2022_program associated_token_program pump_amm_event_authority event_authority "
            + "program rent")
        .instruction("migrate_bonding_curve_creator", "",
            "mint bonding_curve sharing_config event_authority program")
        .instruction("migrate_v2", "",
            "global withdraw_authority base_mint quote_mint bonding_curve "
            + "associated_base_bonding_curve associated_quote_bonding_curve user system_program "
            + "pump_amm pool pool_authority pool_authority_mint_account "
            + "pool_authority_quote_account amm_global_config lp_mint user_pool_token_account "
            + "pool_base_token_account pool_quote_token_account base_token_program "
            + "quote_token_program token_2022_program associated_token_program "
            + "pump_amm_event_authority rent event_authority program")
        .instruction("remove_quote_mint", "quote_mint:pubkey",
            "global authority event_authority program")
        .instruction("sell", "amount:u64 min_sol_output:u64",
            "global fee_recipient mint bonding_curve associated_bonding_curve associated_user "
            + "user system_program creator_vault token_program event_authority program fee_config "
            + "fee_program")
        .instruction("sell_v2", "amount:u64 min_sol_output:u64",
            "global base_mint quote_mint base_token_program quote_token_program "
            + "associated_token_program fee_recipient associated_quote_fee_recipient "
            + "buyback_fee_recipient associated_quote_buyback_fee_recipient bonding_curve "
            + "associated_base_bonding_curve associated_quote_bonding_curve user "
            + "associated_base_user associated_quote_user creator_vault associated_creator_vault "
            + "sharing_config user_volume_accumulator associated_user_volume_accumulator fee_config "
            + "fee_program system_program event_authority program")
        .instruction("set_creator", "creator:pubkey",
            "set_creator_authority global mint metadata bonding_curve event_authority program")
        .instruction("set_mayhem_virtual_params", "",
            "sol_vault_authority mayhem_token_vault mint global bonding_curve token_program "
            + "event_authority program")
        .instruction("set_metaplex_creator", "",
            "mint metadata bonding_curve event_authority program")
        .instruction("set_params", "initial_virtual_token_reserves:u64 initial_virtual_sol_reserves:u64 "
            + "initial_real_token_reserves:u64 token_total_supply:u64 fee_basis_points:u64 "
            + "withdraw_authority:pubkey enable_migrate:bool pool_migration_fee:u64 "
            + "creator_fee_basis_points:u64 set_creator_authority:pubkey "
            + "admin_set_creator_authority:pubkey",
            "global authority event_authority program")
        .instruction("set_reserved_fee_recipients", "whitelist_pda:pubkey",
            "global authority event_authority program")
        .instruction("set_virtual_quote_reserves", "initial_virtual_quote_reserves:u64",
            "global authority event_authority program")
        .instruction("sync_user_volume_accumulator", "",
            PumpSharedLayouts.SYNC_USER_VOLUME_ACCUMULATOR_ACCOUNTS)
        .instruction("toggle_cashback_enabled", "enabled:bool",
            "global authority event_authority program")
        .instruction("toggle_create_v2", "enabled:bool",
            "global authority event_authority program")
        .instruction("toggle_mayhem_mode", "enabled:bool",
            "global authority event_authority program")
        .instruction("update_buyback_config", "buyback_basis_points:Option<u64>",
            "global authority event_authority program")
        .instruction("update_global_authority", "",
            "global authority new_authority event_authority program")
        // Legacy, removed from the IDL: the pre-2025-03 off-chain migration (fact sheet §2.1).
        .instruction("withdraw", "",
            "global last_withdraw mint bonding_curve associated_bonding_curve associated_user user "
            + "system_program token_program rent event_authority program")
        .event("AdminSetCreatorEvent",
            "timestamp:i64 admin_set_creator_authority:pubkey mint:pubkey bonding_curve:pubkey "
            + "old_creator:pubkey new_creator:pubkey")
        .event("AdminSetIdlAuthorityEvent",
            "idl_authority:pubkey")
        .event("AdminUpdateTokenIncentivesEvent",
            PumpSharedLayouts.ADMIN_UPDATE_TOKEN_INCENTIVES_EVENT)
        .event("ClaimCashbackEvent",
            PumpSharedLayouts.CLAIM_CASHBACK_EVENT)
        .event("ClaimTokenIncentivesEvent",
            PumpSharedLayouts.CLAIM_TOKEN_INCENTIVES_EVENT)
        .event("CloseUserVolumeAccumulatorEvent",
            PumpSharedLayouts.CLOSE_USER_VOLUME_ACCUMULATOR_EVENT)
        .event("CollectCreatorFeeEvent",
            "timestamp:i64 creator:pubkey creator_fee:u64 quote_mint:pubkey")
        .event("CompleteEvent",
            "user:pubkey mint:pubkey bonding_curve:pubkey timestamp:i64 quote_mint:pubkey")
        .event("CompletePumpAmmMigrationEvent",
            "user:pubkey mint:pubkey mint_amount:u64 sol_amount:u64 pool_migration_fee:u64 "
            + "bonding_curve:pubkey timestamp:i64 pool:pubkey quote_mint:pubkey")
        .event("CreateEvent",
            "name:string symbol:string uri:string mint:pubkey bonding_curve:pubkey user:pubkey "
            + "creator:pubkey timestamp:i64 virtual_token_reserves:u64 virtual_sol_reserves:u64 "
            + "real_token_reserves:u64 token_total_supply:u64 token_program:pubkey "
            + "is_mayhem_mode:bool is_cashback_enabled:bool quote_mint:pubkey "
            + "virtual_quote_reserves:u64")
        .event("DistributeCreatorFeesEvent",
            "timestamp:i64 mint:pubkey bonding_curve:pubkey sharing_config:pubkey admin:pubkey "
            + "shareholders:Vec<Shareholder> distributed:u64 quote_mint:pubkey")
        // Not pump_amm's ExtendAccountEvent: the timestamp comes last here.
        .event("ExtendAccountEvent",
            "account:pubkey user:pubkey current_size:u64 new_size:u64 timestamp:i64")
        .event("InitUserVolumeAccumulatorEvent",
            PumpSharedLayouts.INIT_USER_VOLUME_ACCUMULATOR_EVENT)
        .event("MigrateBondingCurveCreatorEvent",
            "timestamp:i64 mint:pubkey bonding_curve:pubkey sharing_config:pubkey "
            + "old_creator:pubkey new_creator:pubkey")
        .event("MinimumDistributableFeeEvent",
            "minimum_required:u64 distributable_fees:u64 can_distribute:bool")
        .event("ReservedFeeRecipientsEvent",
            PumpSharedLayouts.RESERVED_FEE_RECIPIENTS_EVENT)
        .event("SetCreatorEvent",
            "timestamp:i64 mint:pubkey bonding_curve:pubkey creator:pubkey")
        .event("SetMetaplexCreatorEvent",
            "timestamp:i64 mint:pubkey bonding_curve:pubkey metadata:pubkey creator:pubkey")
        .event("SetParamsEvent",
            "initial_virtual_token_reserves:u64 initial_virtual_sol_reserves:u64 "
            + "initial_real_token_reserves:u64 final_real_sol_reserves:u64 token_total_supply:u64 "
            + "fee_basis_points:u64 withdraw_authority:pubkey enable_migrate:bool "
            + "pool_migration_fee:u64 creator_fee_basis_points:u64 fee_recipients:[pubkey;8] "
            + "timestamp:i64 set_creator_authority:pubkey admin_set_creator_authority:pubkey")
        .event("SyncUserVolumeAccumulatorEvent",
            PumpSharedLayouts.SYNC_USER_VOLUME_ACCUMULATOR_EVENT)
        .event("TradeEvent",
            "mint:pubkey sol_amount:u64 token_amount:u64 is_buy:bool user:pubkey timestamp:i64 "
            + "virtual_sol_reserves:u64 virtual_token_reserves:u64 real_sol_reserves:u64 "
            + "real_token_reserves:u64 fee_recipient:pubkey fee_basis_points:u64 fee:u64 "
            + "creator:pubkey creator_fee_basis_points:u64 creator_fee:u64 track_volume:bool "
            + "total_unclaimed_tokens:u64 total_claimed_tokens:u64 current_sol_volume:u64 "
            + "last_update_timestamp:i64 ix_name:string mayhem_mode:bool "
            + "cashback_fee_basis_points:u64 cashback:u64 buyback_fee_basis_points:u64 "
            + "buyback_fee:u64 shareholders:Vec<Shareholder> quote_mint:pubkey quote_amount:u64 "
            + "virtual_quote_reserves:u64 real_quote_reserves:u64")
        .event("UpdateGlobalAuthorityEvent",
            "global:pubkey authority:pubkey new_authority:pubkey timestamp:i64")
        .event("UpdateMayhemVirtualParamsEvent",
            "timestamp:i64 mint:pubkey virtual_token_reserves:u64 virtual_sol_reserves:u64 "
            + "new_virtual_token_reserves:u64 new_virtual_sol_reserves:u64 real_token_reserves:u64 "
            + "real_sol_reserves:u64")
        .account("BondingCurve",
            "virtual_token_reserves:u64 virtual_quote_reserves:u64 real_token_reserves:u64 "
            + "real_quote_reserves:u64 token_total_supply:u64 complete:bool creator:pubkey "
            + "is_mayhem_mode:bool is_cashback_coin:bool quote_mint:pubkey")
        .account("Global",
            "initialized:bool authority:pubkey fee_recipient:pubkey "
            + "initial_virtual_token_reserves:u64 initial_virtual_sol_reserves:u64 "
            + "initial_real_token_reserves:u64 token_total_supply:u64 fee_basis_points:u64 "
            + "withdraw_authority:pubkey enable_migrate:bool pool_migration_fee:u64 "
            + "creator_fee_basis_points:u64 fee_recipients:[pubkey;7] set_creator_authority:pubkey "
            + "admin_set_creator_authority:pubkey create_v2_enabled:bool whitelist_pda:pubkey "
            + "reserved_fee_recipient:pubkey mayhem_mode_enabled:bool "
            + "reserved_fee_recipients:[pubkey;7] is_cashback_enabled:bool "
            + "buyback_fee_recipients:[pubkey;8] buyback_basis_points:u64 "
            + "initial_virtual_quote_reserves:u64 whitelisted_quote_mints:[pubkey;1]")
        .account("GlobalVolumeAccumulator",
            PumpSharedLayouts.GLOBAL_VOLUME_ACCUMULATOR)
        .account("UserVolumeAccumulator",
            "user:pubkey needs_claim:bool total_unclaimed_tokens:u64 total_claimed_tokens:u64 "
            + "current_sol_volume:u64 last_update_timestamp:i64 has_total_claimed_tokens:bool "
            + "cashback_earned:u64 total_cashback_claimed:u64 stable_cashback_earned:u64 "
            + "total_stable_cashback_claimed:u64")
        .account("LastWithdraw", "last_withdraw_timestamp:i64")
        .freeze();
  }
}
