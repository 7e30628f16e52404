using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>The verify and groom parts of <c>rgctl set schedule</c> and how <c>set show</c> words them.</summary>
internal static class MaintenanceSchedules
{
    /// <summary>A scheduled verify's data share when --verify-data is not given (as for <c>set verify</c>).</summary>
    public const int DefaultDataSharePercent = 10;

    /// <summary>Adds each schedule whose interval is given (0 turns it off); the others are left as they are.</summary>
    public static void AddTo(SetScheduleRequest request, int? verifyHours, int? verifyData, int? groomHours, bool groomPrune)
    {
        if ((verifyData is not null && verifyHours is null) || (groomPrune && groomHours is null))
        {
            throw new RgctlException("--verify-data goes with --verify-every-hours, and --groom-prune with --groom-every-hours.");
        }

        if (verifyHours is { } hours)
        {
            request.VerifySchedule = new VerifySchedule { IntervalSeconds = hours * 3600, DataSharePercent = verifyData ?? DefaultDataSharePercent };
        }

        if (groomHours is { } every)
        {
            request.GroomSchedule = new GroomSchedule { IntervalSeconds = every * 3600, Prune = groomPrune };
        }
    }

    public static string VerifyText(VerifySchedule? verify) =>
        verify is null ? "only on request" : $"every {EveryText(verify.IntervalSeconds)}, {verify.DataSharePercent} % of the data";

    public static string GroomText(GroomSchedule? groom) =>
        groom is null ? "only on request" : $"every {EveryText(groom.IntervalSeconds)}, {(groom.Prune ? "with prune" : "forget only")}";

    private static string EveryText(int seconds) => seconds % 3600 == 0 ? $"{seconds / 3600} hours" : $"{seconds / 60} minutes";
}
