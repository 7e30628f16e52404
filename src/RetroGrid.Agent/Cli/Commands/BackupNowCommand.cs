using System.CommandLine;
using Grpc.Core;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary>
/// <c>backup-now [--set NAME]</c>: the person at the workstation asks the controller for a backup now; the controller
/// queues it (the running agent service then runs it). Exit 0 when a backup is queued or already waiting.
/// </summary>
internal static class BackupNowCommand
{
    public static Command Create(CommandRunner runner)
    {
        var set = new Option<string?>("--set") { Description = "Only this backup set (default: every set this workstation backs up into)." };
        var stateDir = EnrollCommand.StateDirectoryOption();
        var command = new Command("backup-now", "Ask the controller for a backup of this workstation now.") { set, stateDir };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            using var connection = await EnrolledConnection.OpenAsync(new AgentStateDirectory(context.GetValue(stateDir) ?? AgentStateDirectory.DefaultRoot), cancellationToken);
            RequestBackupResponse answer;
            try
            {
                answer = await connection.Client.RequestBackupAsync(new RequestBackupRequest { Set = context.GetValue(set) ?? string.Empty }, cancellationToken: cancellationToken);
            }
            catch (RpcException ex)
            {
                throw ControllerErrors.From(ex);
            }

            if (answer.Backups.Count == 0)
            {
                await context.Console.Out.WriteLineAsync("This workstation is not assigned to any backup set yet; ask IT to assign it (`rgctl set assign`).");
                return ExitCodes.Failed;
            }

            foreach (var backup in answer.Backups)
            {
                await context.Console.Out.WriteLineAsync(backup.Queued
                    ? $"Backup into {backup.Set} queued (job {backup.JobId}); it starts as soon as the agent service is connected."
                    : $"A backup into {backup.Set} is already waiting or running (job {backup.JobId}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
