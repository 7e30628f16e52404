using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary><c>users/*</c>, <c>check/*</c> and <c>auth/token/revoke</c>.</summary>
internal static class AccountRoutes
{
    public static void Register(ApiRouter router)
    {
        router.Add("users/get_current_account", RouteStyle.Rpc, Scopes.AccountInfoRead, CurrentAccountAsync, voidArg: true);
        router.Add("users/get_space_usage", RouteStyle.Rpc, Scopes.AccountInfoRead, SpaceUsageAsync, voidArg: true);
        router.Add("check/user", RouteStyle.Rpc, Scopes.AccountInfoRead, EchoAsync);
        router.Add("check/app", RouteStyle.Rpc, null, EchoAsync, auth: RouteAuth.App);
        router.Add("auth/token/revoke", RouteStyle.Rpc, null, RevokeAsync, voidArg: true);
    }

    private static Task CurrentAccountAsync(ApiCall call) => call.OkAsync(new JsonObject
    {
        ["account_id"] = EmulatedAccount.AccountId,
        ["name"] = new JsonObject
        {
            ["given_name"] = EmulatedAccount.GivenName,
            ["surname"] = EmulatedAccount.Surname,
            ["familiar_name"] = EmulatedAccount.GivenName,
            ["display_name"] = $"{EmulatedAccount.GivenName} {EmulatedAccount.Surname}",
            ["abbreviated_name"] = "RG",
        },
        ["email"] = EmulatedAccount.Email,
        ["email_verified"] = true,
        ["disabled"] = false,
        ["country"] = "US",
        ["locale"] = "en",
        ["referral_link"] = "https://db.tt/retrogrid",
        ["is_paired"] = false,
        ["account_type"] = Stone.Tag("basic"),
        ["root_info"] = new JsonObject
        {
            [".tag"] = "user",
            ["root_namespace_id"] = EmulatedAccount.NamespaceId,
            ["home_namespace_id"] = EmulatedAccount.NamespaceId,
        },
    });

    private static Task SpaceUsageAsync(ApiCall call)
    {
        var files = call.Services.Files;
        return call.OkAsync(new JsonObject
        {
            ["used"] = files.UsedBytes,
            ["allocation"] = new JsonObject
            {
                [".tag"] = "individual",
                ["allocated"] = files.QuotaBytes ?? EmulatedAccount.DefaultAllocation,
            },
        });
    }

    private static Task EchoAsync(ApiCall call)
    {
        var query = call.Args.OptionalString("query") ?? "";
        if (query.Length > 500)
        {
            throw ApiErrorException.BadInput("query: longer than 500 characters");
        }

        return call.OkAsync(new JsonObject { ["result"] = query });
    }

    private static Task RevokeAsync(ApiCall call)
    {
        if (call.Token is { } token)
        {
            call.Services.Tokens.Revoke(token);
        }

        return call.OkAsync(null);
    }
}
