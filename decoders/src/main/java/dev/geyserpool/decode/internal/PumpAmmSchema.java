package dev.geyserpool.decode.internal;

import dev.geyserpool.decode.Program;

/**
 * PumpSwap's ({@code pump_amm}) layouts: every instruction of
 * {@code pump-fun/pump-public-docs idl/pump_amm.json} with its arguments and account names, every
 * event, and the account types the program owns ({@code Pool}, {@code GlobalConfig}, the volume
 * accumulators). {@code BondingCurve}, {@code FeeConfig} and {@code SharingConfig} appear in the
 * IDL only as foreign accounts and are left out. Buy/SellEvents on chain carry bytes past this
 * IDL (fact sheet §1); they are counted as unread. The layouts pump declares identically come from
 * {@link PumpSharedLayouts}.
 *
 * <p>Immutable once built; shared by all threads.
 */
final class PumpAmmSchema {
  /** The accounts of {@code buy} and {@code buy_exact_quote_in}. */
  private static final String BUY_ACCOUNTS =
      "pool user global_config base_mint quote_mint user_base_token_account "
      + "user_quote_token_account pool_base_token_account pool_quote_token_account "
      + "protocol_fee_recipient protocol_fee_recipient_token_account base_token_program "
      + "quote_token_program system_program associated_token_program event_authority program "
      + "coin_creator_vault_ata coin_creator_vault_authority global_volume_accumulator "
      + "user_volume_accumulator fee_config fee_program";
  /** The accounts of {@code deposit} and {@code withdraw}. */
  private static final String LIQUIDITY_ACCOUNTS =
      "pool global_config user base_mint quote_mint lp_mint user_base_token_account "
      + "user_quote_token_account user_pool_token_account pool_base_token_account "
      + "pool_quote_token_account token_program token_2022_program event_authority program";

  static final Schema SCHEMA = build();

  private PumpAmmSchema() {}

  private static Schema build() {
    return new Schema(Program.PUMP_AMM)
        .instruction("admin_set_coin_creator", "coin_creator:pubkey",
            "admin_set_coin_creator_authority global_config pool event_authority program")
        .instruction("admin_update_token_incentives", "start_time:i64 end_time:i64 seconds_in_a_day:i64 day_number:u64 "
            + "token_supply_per_day:u64",
            "admin global_config global_volume_accumulator mint global_incentive_token_account "
            + "associated_token_program system_program token_program event_authority program")
        .instruction("buy", "base_amount_out:u64 max_quote_amount_in:u64 track_volume:OptionBool",
            BUY_ACCOUNTS)
        .instruction("buy_exact_quote_in", "spendable_quote_in:u64 min_base_amount_out:u64 track_volume:OptionBool",
            BUY_ACCOUNTS)
        .instruction("claim_cashback", "",
            "user user_volume_accumulator quote_mint quote_token_program "
            + "user_volume_accumulator_wsol_token_account user_wsol_token_account system_program "
            + "event_authority program")
        .instruction("claim_token_incentives", "",
            PumpSharedLayouts.CLAIM_TOKEN_INCENTIVES_ACCOUNTS)
        .instruction("close_user_volume_accumulator", "",
            PumpSharedLayouts.CLOSE_USER_VOLUME_ACCUMULATOR_ACCOUNTS)
        .instruction("collect_coin_creator_fee", "",
            "quote_mint quote_token_program coin_creator coin_creator_vault_authority "
            + "coin_creator_vault_ata coin_creator_token_account event_authority program")
        .instruction("create_config", "lp_fee_basis_points:u64 protocol_fee_basis_points:u64 "
            + "protocol_fee_recipients:[pubkey;8] coin_creator_fee_basis_points:u64 "
            + "admin_set_coin_creator_authority:pubkey",
            "admin global_config system_program event_authority program")
        .instruction("create_pool", "index:u16 base_amount_in:u64 quote_amount_in:u64 coin_creator:pubkey "
            + "is_mayhem_mode:bool is_cashback_coin:OptionBool",
            "pool global_config creator base_mint quote_mint lp_mint user_base_token_account "
            + "user_quote_token_account user_pool_token_account pool_base_token_account "
            + "pool_quote_token_account system_program token_2022_program base_token_program "
            + "quote_token_program associated_token_program event_authority program")
        .instruction("deposit", "lp_token_amount_out:u64 max_base_amount_in:u64 max_quote_amount_in:u64",
            LIQUIDITY_ACCOUNTS)
        .instruction("disable", "disable_create_pool:bool disable_deposit:bool disable_withdraw:bool disable_buy:bool "
            + "disable_sell:bool",
            "admin global_config event_authority program")
        .instruction("extend_account", "",
            PumpSharedLayouts.EXTEND_ACCOUNT_ACCOUNTS)
        .instruction("init_user_volume_accumulator", "",
            PumpSharedLayouts.INIT_USER_VOLUME_ACCUMULATOR_ACCOUNTS)
        .instruction("migrate_pool_coin_creator", "",
            "pool sharing_config event_authority program")
        .instruction("sell", "base_amount_in:u64 min_quote_amount_out:u64",
            "pool user global_config base_mint quote_mint user_base_token_account "
            + "user_quote_token_account pool_base_token_account pool_quote_token_account "
            + "protocol_fee_recipient protocol_fee_recipient_token_account base_token_program "
            + "quote_token_program system_program associated_token_program event_authority program "
            + "coin_creator_vault_ata coin_creator_vault_authority fee_config fee_program")
        .instruction("set_coin_creator", "",
            "pool metadata bonding_curve event_authority program")
        .instruction("set_reserved_fee_recipients", "whitelist_pda:pubkey",
            "global_config admin event_authority program")
        .instruction("sync_user_volume_accumulator", "",
            PumpSharedLayouts.SYNC_USER_VOLUME_ACCUMULATOR_ACCOUNTS)
        .instruction("toggle_cashback_enabled", "enabled:bool",
            "admin global_config event_authority program")
        .instruction("toggle_mayhem_mode", "enabled:bool",
            "admin global_config event_authority program")
        .instruction("transfer_creator_fees_to_pump", "",
            "wsol_mint token_program system_program associated_token_program coin_creator "
            + "coin_creator_vault_authority coin_creator_vault_ata pump_creator_vault "
            + "event_authority program")
        .instruction("transfer_creator_fees_to_pump_v2", "",
            "payer quote_mint token_program system_program associated_token_program coin_creator "
            + "coin_creator_vault_authority coin_creator_vault_ata pump_creator_vault "
            + "pump_creator_vault_ata event_authority program")
        .instruction("update_admin", "",
            "admin global_config new_admin event_authority program")
        .instruction("update_buyback_config", "buyback_basis_points:Option<u64>",
            "admin global_config event_authority program")
        .instruction("update_fee_config", "lp_fee_basis_points:u64 protocol_fee_basis_points:u64 "
            + "protocol_fee_recipients:[pubkey;8] coin_creator_fee_basis_points:u64 "
            + "admin_set_coin_creator_authority:pubkey",
            "admin global_config event_authority program")
        .instruction("withdraw", "lp_token_amount_in:u64 min_base_amount_out:u64 min_quote_amount_out:u64",
            LIQUIDITY_ACCOUNTS)
        .event("AdminSetCoinCreatorEvent",
            "timestamp:i64 admin_set_coin_creator_authority:pubkey base_mint:pubkey pool:pubkey "
            + "old_coin_creator:pubkey new_coin_creator:pubkey")
        .event("AdminUpdateTokenIncentivesEvent",
            PumpSharedLayouts.ADMIN_UPDATE_TOKEN_INCENTIVES_EVENT)
        .event("BuyEvent",
            "timestamp:i64 base_amount_out:u64 max_quote_amount_in:u64 "
            + "user_base_token_reserves:u64 user_quote_token_reserves:u64 "
            + "pool_base_token_reserves:u64 pool_quote_token_reserves:u64 quote_amount_in:u64 "
            + "lp_fee_basis_points:u64 lp_fee:u64 protocol_fee_basis_points:u64 protocol_fee:u64 "
            + "quote_amount_in_with_lp_fee:u64 user_quote_amount_in:u64 pool:pubkey user:pubkey "
            + "user_base_token_account:pubkey user_quote_token_account:pubkey "
            + "protocol_fee_recipient:pubkey protocol_fee_recipient_token_account:pubkey "
            + "coin_creator:pubkey coin_creator_fee_basis_points:u64 coin_creator_fee:u64 "
            + "track_volume:bool total_unclaimed_tokens:u64 total_claimed_tokens:u64 "
            + "current_sol_volume:u64 last_update_timestamp:i64 min_base_amount_out:u64 "
            + "ix_name:string cashback_fee_basis_points:u64 cashback:u64 "
            + "buyback_fee_basis_points:u64 buyback_fee:u64")
        .event("ClaimCashbackEvent",
            PumpSharedLayouts.CLAIM_CASHBACK_EVENT)
        .event("ClaimTokenIncentivesEvent",
            PumpSharedLayouts.CLAIM_TOKEN_INCENTIVES_EVENT)
        .event("CloseUserVolumeAccumulatorEvent",
            PumpSharedLayouts.CLOSE_USER_VOLUME_ACCUMULATOR_EVENT)
        .event("CollectCoinCreatorFeeEvent",
            "timestamp:i64 coin_creator:pubkey coin_creator_fee:u64 coin_creator_vault_ata:pubkey "
            + "coin_creator_token_account:pubkey")
        .event("CreateConfigEvent",
            "timestamp:i64 admin:pubkey lp_fee_basis_points:u64 protocol_fee_basis_points:u64 "
            + "protocol_fee_recipients:[pubkey;8] coin_creator_fee_basis_points:u64 "
            + "admin_set_coin_creator_authority:pubkey")
        .event("CreatePoolEvent",
            "timestamp:i64 index:u16 creator:pubkey base_mint:pubkey quote_mint:pubkey "
            + "base_mint_decimals:u8 quote_mint_decimals:u8 base_amount_in:u64 quote_amount_in:u64 "
            + "pool_base_amount:u64 pool_quote_amount:u64 minimum_liquidity:u64 "
            + "initial_liquidity:u64 lp_token_amount_out:u64 pool_bump:u8 pool:pubkey "
            + "lp_mint:pubkey user_base_token_account:pubkey user_quote_token_account:pubkey "
            + "coin_creator:pubkey is_mayhem_mode:bool")
        .event("DepositEvent",
            "timestamp:i64 lp_token_amount_out:u64 max_base_amount_in:u64 max_quote_amount_in:u64 "
            + "user_base_token_reserves:u64 user_quote_token_reserves:u64 "
            + "pool_base_token_reserves:u64 pool_quote_token_reserves:u64 base_amount_in:u64 "
            + "quote_amount_in:u64 lp_mint_supply:u64 pool:pubkey user:pubkey "
            + "user_base_token_account:pubkey user_quote_token_account:pubkey "
            + "user_pool_token_account:pubkey")
        .event("DisableEvent",
            "timestamp:i64 admin:pubkey disable_create_pool:bool disable_deposit:bool "
            + "disable_withdraw:bool disable_buy:bool disable_sell:bool")
        // Not pump's ExtendAccountEvent: the timestamp comes first here.
        .event("ExtendAccountEvent",
            "timestamp:i64 account:pubkey user:pubkey current_size:u64 new_size:u64")
        .event("InitUserVolumeAccumulatorEvent",
            PumpSharedLayouts.INIT_USER_VOLUME_ACCUMULATOR_EVENT)
        .event("MigratePoolCoinCreatorEvent",
            "timestamp:i64 base_mint:pubkey pool:pubkey sharing_config:pubkey "
            + "old_coin_creator:pubkey new_coin_creator:pubkey")
        .event("ReservedFeeRecipientsEvent",
            PumpSharedLayouts.RESERVED_FEE_RECIPIENTS_EVENT)
        .event("SellEvent",
            "timestamp:i64 base_amount_in:u64 min_quote_amount_out:u64 "
            + "user_base_token_reserves:u64 user_quote_token_reserves:u64 "
            + "pool_base_token_reserves:u64 pool_quote_token_reserves:u64 quote_amount_out:u64 "
            + "lp_fee_basis_points:u64 lp_fee:u64 protocol_fee_basis_points:u64 protocol_fee:u64 "
            + "quote_amount_out_without_lp_fee:u64 user_quote_amount_out:u64 pool:pubkey "
            + "user:pubkey user_base_token_account:pubkey user_quote_token_account:pubkey "
            + "protocol_fee_recipient:pubkey protocol_fee_recipient_token_account:pubkey "
            + "coin_creator:pubkey coin_creator_fee_basis_points:u64 coin_creator_fee:u64 "
            + "cashback_fee_basis_points:u64 cashback:u64 buyback_fee_basis_points:u64 "
            + "buyback_fee:u64")
        .event("SetBondingCurveCoinCreatorEvent",
            "timestamp:i64 base_mint:pubkey pool:pubkey bonding_curve:pubkey coin_creator:pubkey")
        .event("SetMetaplexCoinCreatorEvent",
            "timestamp:i64 base_mint:pubkey pool:pubkey metadata:pubkey coin_creator:pubkey")
        .event("SyncUserVolumeAccumulatorEvent",
            PumpSharedLayouts.SYNC_USER_VOLUME_ACCUMULATOR_EVENT)
        .event("UpdateAdminEvent",
            "timestamp:i64 admin:pubkey new_admin:pubkey")
        .event("UpdateFeeConfigEvent",
            "timestamp:i64 admin:pubkey lp_fee_basis_points:u64 protocol_fee_basis_points:u64 "
            + "protocol_fee_recipients:[pubkey;8] coin_creator_fee_basis_points:u64 "
            + "admin_set_coin_creator_authority:pubkey")
        .event("WithdrawEvent",
            "timestamp:i64 lp_token_amount_in:u64 min_base_amount_out:u64 "
            + "min_quote_amount_out:u64 user_base_token_reserves:u64 user_quote_token_reserves:u64 "
            + "pool_base_token_reserves:u64 pool_quote_token_reserves:u64 base_amount_out:u64 "
            + "quote_amount_out:u64 lp_mint_supply:u64 pool:pubkey user:pubkey "
            + "user_base_token_account:pubkey user_quote_token_account:pubkey "
            + "user_pool_token_account:pubkey")
        .account("GlobalConfig",
            "admin:pubkey lp_fee_basis_points:u64 protocol_fee_basis_points:u64 disable_flags:u8 "
            + "protocol_fee_recipients:[pubkey;8] coin_creator_fee_basis_points:u64 "
            + "admin_set_coin_creator_authority:pubkey whitelist_pda:pubkey "
            + "reserved_fee_recipient:pubkey mayhem_mode_enabled:bool "
            + "reserved_fee_recipients:[pubkey;7] is_cashback_enabled:bool "
            + "buyback_fee_recipients:[pubkey;8] buyback_basis_points:u64")
        .account("GlobalVolumeAccumulator",
            PumpSharedLayouts.GLOBAL_VOLUME_ACCUMULATOR)
        .account("Pool",
            "pool_bump:u8 index:u16 creator:pubkey base_mint:pubkey quote_mint:pubkey "
            + "lp_mint:pubkey pool_base_token_account:pubkey pool_quote_token_account:pubkey "
            + "lp_supply:u64 coin_creator:pubkey is_mayhem_mode:bool is_cashback_coin:bool")
        .account("UserVolumeAccumulator",
            "user:pubkey needs_claim:bool total_unclaimed_tokens:u64 total_claimed_tokens:u64 "
            + "current_sol_volume:u64 last_update_timestamp:i64 has_total_claimed_tokens:bool "
            + "cashback_earned:u64 total_cashback_claimed:u64")
        .freeze();
  }
}
