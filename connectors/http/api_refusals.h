// The HTTP API's own refusals (接口的拒绝理由): what the edge itself says no to
// — a malformed request, a parameter out of range, a route a role may not
// read — in Chinese and English with stable reasons (engine/message.h), so
// that every answer of the API is in the client's language (Accept-Language,
// Chinese first) and names the field and the fix. The workflows' refusals
// are theirs (workflows/*/*_refusals.h); these never leave this server.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::http {

// Paging and query parameters.
extern const Message kCursorNotOurs;
extern const Message kNumberEmpty;
extern const Message kPositionRange;      // {max}
extern const Message kLimitRange;
extern const Message kTrueOrFalse;
extern const Message kOverdueTrueOrFalse;
extern const Message kNotATime;           // {text}
extern const Message kNotADay;            // {day} {today}
extern const Message kEventCountMissing;  // {name}
extern const Message kEventCountRange;
// What a role may read.
extern const Message kUnitListsItsOwnTasks;  // {unit}
extern const Message kUnitLooksUpItself;     // {unit}
extern const Message kDashboardReaders;      // {role}
extern const Message kBulletinReaders;       // {role}
extern const Message kTracksReaders;
extern const Message kAccessListReaders;      // {role}
// Persons' logins (登录) to the console, and their passwords.
extern const Message kPasswordLength;
extern const Message kPasswordOneCharacter;
extern const Message kLoginBody;
extern const Message kLoginFailed;
extern const Message kLoginLocked;            // {seconds}
extern const Message kAccountDisabled;        // {login}
extern const Message kCsrfMissing;
// Evidence files (整改材料) uploaded and read back.
extern const Message kUploadFormOnly;
extern const Message kUploadsBusy;           // {max}
extern const Message kUploadNoFile;
extern const Message kUploadType;            // {name} {accepted}
extern const Message kUploadTaskMissing;
extern const Message kUploadReaders;         // {role}
extern const Message kAttachmentsOff;
extern const Message kEvidenceNotOnTask;     // {task} {sha256}
extern const Message kEvidenceFileMissing;   // {sha256}
extern const Message kEvidenceFileDamaged;   // {sha256}
extern const Message kNoSession;
extern const Message kWebhookListReaders;     // {role}
extern const Message kUnitSeesItsOwnWebhooks; // {unit}
extern const Message kReactionReaders;        // {role}
extern const Message kLogNotForUnits;
extern const Message kProofReaders;
extern const Message kProofHoldsSecret;       // {stream}
extern const Message kMyTasksUnitsOnly;      // {role}
extern const Message kImportOfficeOnly;
extern const Message kUnitImportOfficeOnly;
extern const Message kRoundNotTheUnits;     // {round} {unit}
extern const Message kEngineIssuesIt;        // {type}
// What is not there.
extern const Message kNoStream;     // {stream}
extern const Message kNoReadModel;  // {key}
extern const Message kNoSuchRoute;  // {path}
extern const Message kMethodNotAllowed;  // {method} {path} {allow}
// Request bodies.
extern const Message kJsonOnly;
extern const Message kBodyNotJson;       // {what}
extern const Message kBodyNotObject;
extern const Message kCommandBodyShape;
extern const Message kEmptyFieldName;
extern const Message kUnknownField;
extern const Message kDataNotObject;
extern const Message kMustBeString;
extern const Message kTooDeep;           // {levels}
extern const Message kStreamMissing;
extern const Message kTypeMissing;
extern const Message kIdempotencyKeyLong;
extern const Message kTableMissing;
extern const Message kEachGroups;
extern const Message kImportHasErrors;   // {count}
// Who sends it.
extern const Message kTooManyFailures;   // {address} {seconds}
extern const Message kWebhookKeyMissing;
extern const Message kWebhookKeyUnknown;
extern const Message kTimestampNotATime;
extern const Message kTimestampSkew;     // {skew} {window}
extern const Message kSignatureMismatch;
extern const Message kWebhookIdMissing;
extern const Message kStandardSignatureMismatch;
extern const Message kDeliveryId;
extern const Message kDeliveryReceived;       // {delivery}
extern const Message kDeliveryReceivedOther;  // {delivery}
// The request's path and query, as they came.
extern const Message kPathNotAPath;
extern const Message kPathBadEscape;
extern const Message kPathBadBytes;
extern const Message kQueryNameBad;
extern const Message kQueryValueBad;

// The transport's own answers, to a request not read whole or a connection over a cap.
extern const Message kTargetTooLong;       // {max}
extern const Message kRequestLineTooLong;  // {max}
extern const Message kHeadersTooLarge;     // {max}
extern const Message kBodyTooLarge;        // {max}
extern const Message kNotHttp;             // {why}
extern const Message kServerFailed;        // {what}
extern const Message kConnectionsFromAddress;  // {address} {max}
extern const Message kServerFull;          // {max}
extern const Message kPlainHttpToTls;      // a plain HTTP request to a port that serves HTTPS

const std::vector<const Message*>& ApiRefusals();

}  // namespace safecity::http
