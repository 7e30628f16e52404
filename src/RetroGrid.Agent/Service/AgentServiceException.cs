using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Service;

/// <summary>A failure of the agent service or enrollment, with its RetroGrid code (the controller's, when it refused).</summary>
internal sealed class AgentServiceException(RetroGridErrorCode code, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public RetroGridErrorCode Code { get; } = code;
}
