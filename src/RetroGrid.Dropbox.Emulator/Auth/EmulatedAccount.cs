namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>The single user of the emulated Dropbox.</summary>
internal static class EmulatedAccount
{
    /// <summary>40 characters, like a real account id.</summary>
    public const string AccountId = "dbid:AAB-RetroGridEmulatedAccount0000001";
    public const string Uid = "12345";
    public const string NamespaceId = "3235641";
    public const string Email = "user@retrogrid.test";
    public const string GivenName = "Retro";
    public const string Surname = "Grid";

    /// <summary>Allocation reported when no quota is set (2 TiB, a Dropbox Plus-sized plan).</summary>
    public const long DefaultAllocation = 2L * 1024 * 1024 * 1024 * 1024;
}
