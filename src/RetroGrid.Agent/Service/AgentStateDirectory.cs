namespace RetroGrid.Agent.Service;

/// <summary>
/// Where an enrolled agent keeps its identity: the controller's address, its agent id, its key pair (owner-only), its
/// certificate and the controller's CA. Default: the user's local application data (the service runs as its own
/// user, so this is per service).
/// </summary>
internal sealed class AgentStateDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Identity => Path.Join(Root, "agent.json");

    public string Key => Path.Join(Root, "agent.key");

    public string Certificate => Path.Join(Root, "agent.crt");

    public string CaCertificate => Path.Join(Root, "ca.crt");

    public bool IsEnrolled => File.Exists(Identity) && File.Exists(Key) && File.Exists(Certificate) && File.Exists(CaCertificate);

    public static string DefaultRoot =>
        Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "retrogrid-agent");
}
