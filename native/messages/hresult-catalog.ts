/**
 * Every HRESULT and VSS writer state ShadowDesk can show, each with a plain sentence and a next step
 * in English and Italian, plus the well-known Windows writers and the service that hosts each one.
 *
 * Sources: VSS_* codes from mingw-w64 vsserror.h (the header wins on values) and
 * docs/vss-reference.md §4; generic codes from winerror.h; writer ids from Microsoft's
 * "In-Box VSS Writers" page and real `vssadmin list writers` output.
 */

/** One language's text for a code. `next` is what to do about it, or '' when nothing is needed. */
export interface CatalogText {
  readonly summary: string;
  readonly next: string;
}

/**
 * An HRESULT with its words. Keyed by the unsigned value because koffi hands HRESULTs back as signed
 * int32: look entries up with `hr >>> 0`.
 */
export interface HresultEntry {
  readonly name: string;
  /** Unsigned 32-bit, e.g. 0x80042301. */
  readonly value: number;
  readonly en: CatalogText;
  readonly it: CatalogText;
}

// Fragments repeated across entries, kept in one place so every message names things the same way.
const EV_EN = 'Event Viewer → Windows Logs → Application';
const EV_IT = 'Visualizzatore eventi → Registri di Windows → Applicazione';
const VSS_EN = 'Volume Shadow Copy (VSS)';
const VSS_IT = 'Copia Shadow del volume (VSS)';
const SWPRV_EN = 'Microsoft Software Shadow Copy Provider (swprv)';
const SWPRV_IT = 'Provider di copie shadow software Microsoft (swprv)';
const EVSYS_EN = 'COM+ Event System (EventSystem)';
const EVSYS_IT = 'Sistema eventi COM+ (EventSystem)';
const BUG_EN = 'Restart ShadowDesk and try again; if it happens again, report it as a ShadowDesk bug with this code.';
const BUG_IT = 'Riavviare ShadowDesk e riprovare; se si ripresenta, segnalarlo come bug di ShadowDesk indicando questo codice.';
const BUSY_EN = 'Try again at a quieter time, when fewer programs are writing to the disk.';
const BUSY_IT = 'Riprovare in un momento di minore attività, quando meno programmi scrivono sul disco.';
const LATER_EN = 'Try again in a few minutes, when the system is less busy.';
const LATER_IT = 'Riprovare tra qualche minuto, quando il sistema è meno occupato.';
const DISK_EN = 'Check that the disk (or storage LUN) is connected and visible in Disk Management, then try again.';
const DISK_IT = 'Verificare che il disco (o la LUN di storage) sia collegato e visibile in Gestione disco, quindi riprovare.';
const IMPORT_EN = `Check that the disks holding them are connected and visible in Disk Management, then look in ${EV_EN} for the reason.`;
const IMPORT_IT = `Verificare che i dischi che le contengono siano collegati e visibili in Gestione disco, quindi cercare la causa in ${EV_IT}.`;

/**
 * Every HRESULT ShadowDesk has words for: all VSS_S_* / VSS_E_* codes, the COM and Win32 codes VSS
 * calls and file restores actually return. Anything else falls back to a generic sentence in
 * `describeHresult`, so this list is what turns "0x8004230F" into something a person can act on.
 */
export const HRESULT_CATALOG: readonly HresultEntry[] = [
  // ---- Generic COM / Win32 success codes ----
  {
    name: 'S_OK', value: 0x00000000,
    en: { summary: 'The operation completed successfully.', next: '' },
    it: { summary: "L'operazione è stata completata correttamente.", next: '' },
  },
  {
    name: 'S_FALSE', value: 0x00000001,
    en: { summary: 'The operation completed, but there was nothing (or nothing more) to return.', next: '' },
    it: { summary: "L'operazione è stata completata, ma non c'era nulla (o nient'altro) da restituire.", next: '' },
  },

  // ---- VSS success codes ----
  {
    name: 'VSS_S_ASYNC_PENDING', value: 0x00042309,
    en: { summary: 'The operation is still in progress.', next: '' },
    it: { summary: "L'operazione è ancora in corso.", next: '' },
  },
  {
    name: 'VSS_S_ASYNC_FINISHED', value: 0x0004230a,
    en: { summary: 'The operation has finished.', next: '' },
    it: { summary: "L'operazione è terminata.", next: '' },
  },
  {
    name: 'VSS_S_ASYNC_CANCELLED', value: 0x0004230b,
    en: { summary: 'The operation was cancelled before it finished.', next: 'Start it again if you still need it.' },
    it: { summary: "L'operazione è stata annullata prima del termine.", next: 'Avviarla di nuovo, se serve ancora.' },
  },
  {
    name: 'VSS_S_SOME_SNAPSHOTS_NOT_IMPORTED', value: 0x00042321,
    en: { summary: 'Some of the shadow copies could not be imported; the others were imported.', next: IMPORT_EN },
    it: { summary: 'Alcune copie shadow non sono state importate; le altre sono state importate.', next: IMPORT_IT },
  },

  // ---- VSS errors (vsserror.h) ----
  {
    name: 'VSS_E_BAD_STATE', value: 0x80042301,
    en: {
      summary: 'Shadow copy steps were requested in the wrong order, so Windows refused this one.',
      next: 'Start the operation again from the beginning; if it keeps failing, restart ShadowDesk and report it as a bug with this code.',
    },
    it: {
      summary: "Le operazioni sulle copie shadow sono state richieste nell'ordine sbagliato e Windows ha rifiutato questa.",
      next: "Ripetere l'operazione dall'inizio; se continua a non riuscire, riavviare ShadowDesk e segnalarlo come bug indicando questo codice.",
    },
  },
  {
    name: 'VSS_E_UNEXPECTED', value: 0x80042302,
    en: {
      summary: 'The Volume Shadow Copy service ran into an unexpected problem.',
      next: `Look in ${EV_EN} for VSS errors from the same time, restart the ${VSS_EN} service, then try again.`,
    },
    it: {
      summary: 'Il servizio Copia Shadow del volume ha riscontrato un problema imprevisto.',
      next: `Cercare gli errori VSS dello stesso momento in ${EV_IT}, riavviare il servizio ${VSS_IT} e riprovare.`,
    },
  },
  {
    name: 'VSS_E_PROVIDER_ALREADY_REGISTERED', value: 0x80042303,
    en: { summary: 'This shadow copy provider is already registered with Windows.', next: '' },
    it: { summary: 'Questo provider di copie shadow è già registrato in Windows.', next: '' },
  },
  {
    name: 'VSS_E_PROVIDER_NOT_REGISTERED', value: 0x80042304,
    en: {
      summary: 'The shadow copy provider that was asked for is not registered on this computer.',
      next: 'Check the Providers view to see which providers are installed; reinstall the software that supplies the missing provider, or use the Microsoft Software Shadow Copy Provider.',
    },
    it: {
      summary: 'Il provider di copie shadow richiesto non è registrato in questo computer.',
      next: 'Controllare nella vista Provider quali provider sono installati; reinstallare il software che fornisce il provider mancante oppure usare il Provider di copie shadow software Microsoft.',
    },
  },
  {
    name: 'VSS_E_PROVIDER_VETO', value: 0x80042306,
    en: {
      summary: 'The shadow copy provider refused to create the shadow copy.',
      next: `Look in ${EV_EN} (and Windows Logs → System) for the provider's error, fix what it reports, then try again.`,
    },
    it: {
      summary: 'Il provider di copie shadow si è rifiutato di creare la copia shadow.',
      next: `Cercare l'errore del provider in ${EV_IT} (e in Registri di Windows → Sistema), risolvere quanto segnalato e riprovare.`,
    },
  },
  {
    name: 'VSS_E_PROVIDER_IN_USE', value: 0x80042307,
    en: {
      summary: 'The shadow copy provider is in use, so it cannot be removed right now.',
      next: 'Wait for running backups and shadow copy operations to finish, then try again.',
    },
    it: {
      summary: 'Il provider di copie shadow è in uso e al momento non può essere rimosso.',
      next: 'Attendere il termine dei backup e delle operazioni sulle copie shadow in corso, quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_OBJECT_NOT_FOUND', value: 0x80042308,
    en: {
      summary: 'The shadow copy, writer or setting that was asked for does not exist (any more).',
      next: 'Refresh the view: it may have been deleted meanwhile, for example by Windows to free shadow storage space.',
    },
    it: {
      summary: "La copia shadow, il writer o l'impostazione richiesti non esistono (più).",
      next: 'Aggiornare la vista: potrebbero essere stati eliminati nel frattempo, ad esempio da Windows per liberare spazio di archiviazione copie shadow.',
    },
  },
  {
    name: 'VSS_E_VOLUME_NOT_SUPPORTED', value: 0x8004230c,
    en: {
      summary: 'Shadow copies cannot be made of this volume.',
      next: 'Shadow copies need a local volume formatted NTFS (FAT32, exFAT and network drives cannot have them); choose another volume.',
    },
    it: {
      summary: 'Non è possibile creare copie shadow di questo volume.',
      next: 'Le copie shadow richiedono un volume locale formattato NTFS (le unità FAT32, exFAT e di rete non le supportano); scegliere un altro volume.',
    },
  },
  {
    name: 'VSS_E_OBJECT_ALREADY_EXISTS', value: 0x8004230d,
    en: {
      summary: 'This already exists: for example, shadow storage for this volume is already set up.',
      next: 'Change the existing setting instead of adding a new one (for example, resize the shadow storage).',
    },
    it: {
      summary: "L'elemento esiste già: ad esempio, l'archiviazione copie shadow per questo volume è già configurata.",
      next: "Modificare l'impostazione esistente invece di aggiungerne una nuova (ad esempio, ridimensionare l'archiviazione copie shadow).",
    },
  },
  {
    name: 'VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER', value: 0x8004230e,
    en: {
      summary: 'The selected shadow copy provider cannot make shadow copies of this volume.',
      next: 'Use the Microsoft Software Shadow Copy Provider, or choose another volume.',
    },
    it: {
      summary: 'Il provider di copie shadow selezionato non può creare copie shadow di questo volume.',
      next: 'Usare il Provider di copie shadow software Microsoft oppure scegliere un altro volume.',
    },
  },
  {
    name: 'VSS_E_UNEXPECTED_PROVIDER_ERROR', value: 0x8004230f,
    en: {
      summary: 'The shadow copy provider hit an unexpected error while creating the shadow copy.',
      next: `Check that the volume has shadow storage space, restart the ${SWPRV_EN} and ${VSS_EN} services, then try again; ${EV_EN} and Windows Logs → System (volsnap events) usually say more.`,
    },
    it: {
      summary: 'Il provider di copie shadow ha riscontrato un errore imprevisto durante la creazione della copia shadow.',
      next: `Verificare che il volume abbia spazio di archiviazione copie shadow, riavviare i servizi ${SWPRV_IT} e ${VSS_IT}, quindi riprovare; ${EV_IT} e Registri di Windows → Sistema (eventi volsnap) in genere forniscono più dettagli.`,
    },
  },
  {
    name: 'VSS_E_CORRUPT_XML_DOCUMENT', value: 0x80042310,
    en: {
      summary: 'A shadow copy description file (XML) is damaged and cannot be read.',
      next: 'Start the operation again so that a fresh description is produced; if it came from a saved backup, that backup may be damaged.',
    },
    it: {
      summary: 'Un file di descrizione della copia shadow (XML) è danneggiato e non può essere letto.',
      next: "Avviare di nuovo l'operazione in modo che venga generata una nuova descrizione; se proviene da un backup salvato, quel backup potrebbe essere danneggiato.",
    },
  },
  {
    name: 'VSS_E_INVALID_XML_DOCUMENT', value: 0x80042311,
    en: {
      summary: 'A shadow copy description (XML) is malformed or not in the expected format.',
      next: `Look in ${EV_EN} for the VSS event that names the writer or file involved, then start the operation again.`,
    },
    it: {
      summary: 'Una descrizione della copia shadow (XML) non è valida o non ha il formato previsto.',
      next: `Cercare in ${EV_IT} l'evento VSS che indica il writer o il file coinvolto, quindi avviare di nuovo l'operazione.`,
    },
  },
  {
    name: 'VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED', value: 0x80042312,
    en: { summary: 'Too many volumes were included in one shadow copy set.', next: 'Create the shadow copies in smaller groups of volumes.' },
    it: { summary: 'Sono stati inclusi troppi volumi in un unico set di copie shadow.', next: 'Creare le copie shadow suddividendo i volumi in gruppi più piccoli.' },
  },
  {
    name: 'VSS_E_FLUSH_WRITES_TIMEOUT', value: 0x80042313,
    en: { summary: 'The volume was too busy: Windows could not write pending data to disk in time to take the shadow copy.', next: BUSY_EN },
    it: { summary: 'Il volume era troppo occupato: Windows non è riuscito a scrivere in tempo su disco i dati in sospeso per creare la copia shadow.', next: BUSY_IT },
  },
  {
    name: 'VSS_E_HOLD_WRITES_TIMEOUT', value: 0x80042314,
    en: { summary: 'The volume was too busy: Windows could not pause writes to it long enough to take the shadow copy.', next: BUSY_EN },
    it: { summary: 'Il volume era troppo occupato: Windows non è riuscito a sospendere le scritture abbastanza a lungo per creare la copia shadow.', next: BUSY_IT },
  },
  {
    name: 'VSS_E_UNEXPECTED_WRITER_ERROR', value: 0x80042315,
    en: {
      summary: 'Windows could not communicate properly with the writers (the programs that prepare their data for a shadow copy).',
      next: `Restart the ${EVSYS_EN} and ${VSS_EN} services, check the Writers view, then try again.`,
    },
    it: {
      summary: 'Windows non è riuscito a comunicare correttamente con i writer (i programmi che preparano i propri dati per la copia shadow).',
      next: `Riavviare i servizi ${EVSYS_IT} e ${VSS_IT}, controllare la vista Writer e riprovare.`,
    },
  },
  {
    name: 'VSS_E_SNAPSHOT_SET_IN_PROGRESS', value: 0x80042316,
    en: {
      summary: 'Another shadow copy is being created right now, and only one can be created at a time.',
      next: 'Wait a few minutes for the other operation (often a backup or a restore point) to finish, then try again.',
    },
    it: {
      summary: "È già in corso la creazione di un'altra copia shadow e se ne può creare solo una alla volta.",
      next: "Attendere qualche minuto che l'altra operazione (spesso un backup o un punto di ripristino) termini, quindi riprovare.",
    },
  },
  {
    name: 'VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED', value: 0x80042317,
    en: { summary: 'This volume already has the maximum number of shadow copies allowed.', next: 'Delete some older shadow copies of this volume, then try again.' },
    it: { summary: 'Questo volume ha già il numero massimo di copie shadow consentito.', next: 'Eliminare alcune delle copie shadow meno recenti di questo volume, quindi riprovare.' },
  },
  {
    name: 'VSS_E_WRITER_INFRASTRUCTURE', value: 0x80042318,
    en: {
      summary: "Windows could not contact the writers, so applications' data could not be prepared for the shadow copy.",
      next: `Make sure the ${EVSYS_EN} and ${VSS_EN} services are not disabled, restart them, then try again.`,
    },
    it: {
      summary: 'Windows non è riuscito a contattare i writer, quindi non è stato possibile preparare i dati delle applicazioni per la copia shadow.',
      next: `Verificare che i servizi ${EVSYS_IT} e ${VSS_IT} non siano disabilitati, riavviarli e riprovare.`,
    },
  },
  {
    name: 'VSS_E_WRITER_NOT_RESPONDING', value: 0x80042319,
    en: {
      summary: 'A writer did not answer when Windows asked for its status.',
      next: 'Open the Writers view to see which writer is affected, restart the service that hosts it, then try again.',
    },
    it: {
      summary: 'Un writer non ha risposto quando Windows ne ha richiesto lo stato.',
      next: 'Aprire la vista Writer per individuare il writer interessato, riavviare il servizio che lo ospita e riprovare.',
    },
  },
  {
    name: 'VSS_E_WRITER_ALREADY_SUBSCRIBED', value: 0x8004231a,
    en: { summary: 'This writer is already registered with the Volume Shadow Copy service.', next: '' },
    it: { summary: 'Questo writer è già registrato nel servizio Copia Shadow del volume.', next: '' },
  },
  {
    name: 'VSS_E_UNSUPPORTED_CONTEXT', value: 0x8004231b,
    en: {
      summary: 'The shadow copy provider does not support this kind of shadow copy.',
      next: 'Use the Microsoft Software Shadow Copy Provider, or choose a different kind of shadow copy.',
    },
    it: {
      summary: 'Il provider di copie shadow non supporta questo tipo di copia shadow.',
      next: 'Usare il Provider di copie shadow software Microsoft oppure scegliere un tipo di copia shadow diverso.',
    },
  },
  {
    name: 'VSS_E_VOLUME_IN_USE', value: 0x8004231d,
    en: { summary: 'This shadow storage is used by existing shadow copies, so it cannot be removed.', next: 'Delete the shadow copies that use it first, then try again.' },
    it: { summary: 'Questa archiviazione copie shadow è utilizzata da copie shadow esistenti e non può essere rimossa.', next: 'Eliminare prima le copie shadow che la utilizzano, quindi riprovare.' },
  },
  {
    name: 'VSS_E_MAXIMUM_DIFFAREA_ASSOCIATIONS_REACHED', value: 0x8004231e,
    en: {
      summary: 'No more shadow storage locations can be added: the limit has been reached.',
      next: 'Remove a shadow storage setting you no longer need, then try again.',
    },
    it: {
      summary: 'Non è possibile aggiungere altre posizioni di archiviazione copie shadow: è stato raggiunto il limite.',
      next: "Rimuovere un'impostazione di archiviazione copie shadow non più necessaria, quindi riprovare.",
    },
  },
  {
    name: 'VSS_E_INSUFFICIENT_STORAGE', value: 0x8004231f,
    en: {
      summary: 'There is not enough shadow storage space on the volume to keep this shadow copy.',
      next: 'Increase the shadow storage maximum for the volume, or delete older shadow copies, then try again.',
    },
    it: {
      summary: 'Lo spazio di archiviazione copie shadow sul volume non è sufficiente per conservare questa copia shadow.',
      next: "Aumentare il limite massimo dell'archiviazione copie shadow per il volume oppure eliminare le copie shadow meno recenti, quindi riprovare.",
    },
  },
  {
    name: 'VSS_E_NO_SNAPSHOTS_IMPORTED', value: 0x80042320,
    en: { summary: 'None of the shadow copies could be imported.', next: IMPORT_EN },
    it: { summary: 'Non è stato possibile importare nessuna delle copie shadow.', next: IMPORT_IT },
  },
  {
    name: 'VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED', value: 0x80042321,
    en: { summary: 'Some of the shadow copies could not be imported.', next: IMPORT_EN },
    it: { summary: 'Non è stato possibile importare alcune delle copie shadow.', next: IMPORT_IT },
  },
  {
    name: 'VSS_E_MAXIMUM_NUMBER_OF_REMOTE_MACHINES_REACHED', value: 0x80042322,
    en: { summary: 'Too many computers are involved in this shadow copy operation.', next: 'Include fewer remote computers in one operation, then try again.' },
    it: { summary: 'Questa operazione sulle copie shadow coinvolge troppi computer.', next: 'Includere meno computer remoti in una singola operazione, quindi riprovare.' },
  },
  {
    name: 'VSS_E_REMOTE_SERVER_UNAVAILABLE', value: 0x80042323,
    en: {
      summary: 'The server that holds the network share could not be reached.',
      next: 'Check that the server is on and reachable over the network and that its File Server VSS Agent Service (fssagent) is running, then try again.',
    },
    it: {
      summary: 'Non è stato possibile raggiungere il server che ospita la condivisione di rete.',
      next: 'Verificare che il server sia acceso e raggiungibile in rete e che vi sia in esecuzione il servizio File Server VSS Agent Service (fssagent), quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_REMOTE_SERVER_UNSUPPORTED', value: 0x80042324,
    en: {
      summary: "The server's version of Windows cannot make shadow copies of its network shares on request.",
      next: 'Shadow copies of shares need Windows Server 2012 or later with the File Server VSS Agent Service installed; otherwise make the shadow copy on the server itself.',
    },
    it: {
      summary: 'La versione di Windows del server non consente di creare su richiesta copie shadow delle sue condivisioni di rete.',
      next: 'Le copie shadow delle condivisioni richiedono Windows Server 2012 o versioni successive con il servizio File Server VSS Agent Service installato; in alternativa, creare la copia shadow direttamente sul server.',
    },
  },
  {
    name: 'VSS_E_REVERT_IN_PROGRESS', value: 0x80042325,
    en: { summary: 'This volume is already being reverted to a shadow copy.', next: 'Wait for the revert to finish before doing anything else with this volume.' },
    it: { summary: 'È già in corso il ripristino di questo volume da una copia shadow.', next: 'Attendere il termine del ripristino prima di eseguire altre operazioni su questo volume.' },
  },
  {
    name: 'VSS_E_REVERT_VOLUME_LOST', value: 0x80042326,
    en: {
      summary: 'The volume disappeared while it was being reverted to a shadow copy.',
      next: 'Check that the disk is still connected and look at it in Disk Management; the volume may need to be checked or restored from a backup.',
    },
    it: {
      summary: 'Il volume è scomparso durante il ripristino da una copia shadow.',
      next: 'Verificare che il disco sia ancora collegato e controllarlo in Gestione disco; potrebbe essere necessario verificare il volume o ripristinarlo da un backup.',
    },
  },
  {
    name: 'VSS_E_REBOOT_REQUIRED', value: 0x80042327,
    en: { summary: 'Windows needs a restart to finish this operation.', next: 'Restart the computer, then check the result.' },
    it: { summary: 'Windows deve essere riavviato per completare questa operazione.', next: 'Riavviare il computer, quindi verificare il risultato.' },
  },
  {
    name: 'VSS_E_TRANSACTION_FREEZE_TIMEOUT', value: 0x80042328,
    en: { summary: 'Windows could not pause file system transactions in time to take the shadow copy.', next: LATER_EN },
    it: { summary: 'Windows non è riuscito a sospendere in tempo le transazioni del file system per creare la copia shadow.', next: LATER_IT },
  },
  {
    name: 'VSS_E_TRANSACTION_THAW_TIMEOUT', value: 0x80042329,
    en: { summary: 'File system transactions stayed paused too long while the shadow copy was being taken, so it was abandoned.', next: LATER_EN },
    it: { summary: 'Le transazioni del file system sono rimaste sospese troppo a lungo durante la creazione della copia shadow, che è stata quindi annullata.', next: LATER_IT },
  },
  {
    name: 'VSS_E_UNSELECTED_VOLUME', value: 0x8004232a,
    en: {
      summary: 'This operation would overwrite a volume that was not selected for it, so it was stopped.',
      next: 'Select every volume the restore affects, or choose a different target.',
    },
    it: {
      summary: "L'operazione sovrascriverebbe un volume non selezionato ed è stata quindi interrotta.",
      next: 'Selezionare tutti i volumi interessati dal ripristino oppure scegliere una destinazione diversa.',
    },
  },
  {
    name: 'VSS_E_SNAPSHOT_NOT_IN_SET', value: 0x8004232b,
    en: { summary: 'This shadow copy is not part of this backup.', next: 'Refresh the list and pick a shadow copy that belongs to the backup.' },
    it: { summary: 'Questa copia shadow non fa parte di questo backup.', next: "Aggiornare l'elenco e scegliere una copia shadow che appartiene al backup." },
  },
  {
    name: 'VSS_E_NESTED_VOLUME_LIMIT', value: 0x8004232c,
    en: {
      summary: 'This volume is nested too deeply (for example, a virtual disk inside another virtual disk) for a shadow copy.',
      next: 'Make the shadow copy of the volume that contains the virtual disk instead.',
    },
    it: {
      summary: 'Questo volume è annidato troppo in profondità (ad esempio un disco virtuale dentro un altro disco virtuale) per una copia shadow.',
      next: 'Creare invece la copia shadow del volume che contiene il disco virtuale.',
    },
  },
  {
    name: 'VSS_E_VOLUME_NOT_LOCAL', value: 0x8004232d,
    en: {
      summary: 'The volume is not attached to this computer.',
      next: 'Run ShadowDesk on the computer the volume belongs to (in a cluster, on the node that currently owns it).',
    },
    it: {
      summary: 'Il volume non è collegato a questo computer.',
      next: 'Eseguire ShadowDesk sul computer a cui appartiene il volume (in un cluster, sul nodo che ne è attualmente proprietario).',
    },
  },
  {
    name: 'VSS_E_CLUSTER_TIMEOUT', value: 0x8004232e,
    en: {
      summary: 'A cluster shared volume did not get ready for the shadow copy in time.',
      next: 'Try again in a few minutes; if it keeps failing, check the cluster events in Failover Cluster Manager.',
    },
    it: {
      summary: 'Un volume condiviso cluster non è stato pronto in tempo per la copia shadow.',
      next: 'Riprovare tra qualche minuto; se continua a non riuscire, controllare gli eventi del cluster in Gestione cluster di failover.',
    },
  },
  {
    name: 'VSS_E_NOT_SUPPORTED', value: 0x8004232f,
    en: {
      summary: 'This operation is not supported on this computer or volume.',
      next: 'Choose a different volume or option; this version of Windows cannot do this.',
    },
    it: {
      summary: 'Questa operazione non è supportata in questo computer o volume.',
      next: "Scegliere un altro volume o un'altra opzione: questa versione di Windows non consente l'operazione.",
    },
  },
  {
    name: 'VSS_E_WRITERERROR_PARTIAL_FAILURE', value: 0x80042336,
    en: {
      summary: 'A writer could prepare only part of its data for the shadow copy.',
      next: "Open the Writers view to see which parts failed, restart the writer's service, then try again.",
    },
    it: {
      summary: 'Un writer è riuscito a preparare solo una parte dei propri dati per la copia shadow.',
      next: 'Aprire la vista Writer per vedere quali componenti non sono riusciti, riavviare il servizio del writer e riprovare.',
    },
  },
  {
    name: 'VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT', value: 0x800423f0,
    en: {
      summary: 'A writer needs data on a volume that was not included in this shadow copy.',
      next: "Include all the volumes that hold the application's data (the Writers view lists its files), then try again.",
    },
    it: {
      summary: 'Un writer ha bisogno di dati che si trovano su un volume non incluso in questa copia shadow.',
      next: "Includere tutti i volumi che contengono i dati dell'applicazione (la vista Writer ne elenca i file), quindi riprovare.",
    },
  },
  {
    name: 'VSS_E_WRITERERROR_OUTOFRESOURCES', value: 0x800423f1,
    en: {
      summary: 'A writer ran out of memory or other resources while preparing for the shadow copy.',
      next: 'Wait about 10 minutes, close programs you do not need, then try again.',
    },
    it: {
      summary: 'Un writer ha esaurito la memoria o altre risorse durante la preparazione della copia shadow.',
      next: 'Attendere circa 10 minuti, chiudere i programmi non necessari e riprovare.',
    },
  },
  {
    name: 'VSS_E_WRITERERROR_TIMEOUT', value: 0x800423f2,
    en: {
      summary: 'Taking the shadow copy took too long, so a writer stopped waiting and resumed its application.',
      next: "Try again at a quieter time; if it keeps happening, restart the writer's service (see the Writers view).",
    },
    it: {
      summary: 'La creazione della copia shadow ha richiesto troppo tempo, quindi un writer ha smesso di attendere e ha ripreso la propria applicazione.',
      next: 'Riprovare in un momento di minore attività; se si ripete, riavviare il servizio del writer (vedere la vista Writer).',
    },
  },
  {
    name: 'VSS_E_WRITERERROR_RETRYABLE', value: 0x800423f3,
    en: {
      summary: 'A writer hit a temporary error.',
      next: "Try again in a few minutes; if it keeps failing, restart the writer's service (see the Writers view).",
    },
    it: {
      summary: 'Un writer ha riscontrato un errore temporaneo.',
      next: 'Riprovare tra qualche minuto; se continua a non riuscire, riavviare il servizio del writer (vedere la vista Writer).',
    },
  },
  {
    name: 'VSS_E_WRITERERROR_NONRETRYABLE', value: 0x800423f4,
    en: {
      summary: 'A writer hit an error that is likely to happen again if you simply retry.',
      next: `Look in ${EV_EN} for the writer's errors, fix the cause, restart the writer's service, then try again.`,
    },
    it: {
      summary: 'Un writer ha riscontrato un errore che probabilmente si ripresenterà se ci si limita a riprovare.',
      next: `Cercare gli errori del writer in ${EV_IT}, risolvere la causa, riavviare il servizio del writer e riprovare.`,
    },
  },
  {
    name: 'VSS_E_WRITERERROR_RECOVERY_FAILED', value: 0x800423f5,
    en: {
      summary: 'A writer could not bring its data inside the shadow copy to a consistent state.',
      next: `Look in ${EV_EN} for the writer's errors, then create a new shadow copy.`,
    },
    it: {
      summary: "Un writer non è riuscito a rendere coerenti i propri dati all'interno della copia shadow.",
      next: `Cercare gli errori del writer in ${EV_IT}, quindi creare una nuova copia shadow.`,
    },
  },
  {
    name: 'VSS_E_BREAK_REVERT_ID_FAILED', value: 0x800423f6,
    en: {
      summary: "The shadow copy was split off as separate disks, but the disks' original identities could not be restored.",
      next: 'Check the disks in Disk Management; you may need to bring them online or fix their signatures before using them.',
    },
    it: {
      summary: 'La copia shadow è stata separata come dischi autonomi, ma non è stato possibile ripristinare gli identificativi originali dei dischi.',
      next: 'Controllare i dischi in Gestione disco; potrebbe essere necessario portarli online o correggerne la firma prima di usarli.',
    },
  },
  {
    name: 'VSS_E_LEGACY_PROVIDER', value: 0x800423f7,
    en: {
      summary: 'The installed hardware shadow copy provider is too old for this operation.',
      next: "Update the storage vendor's VSS provider, or use the Microsoft Software Shadow Copy Provider.",
    },
    it: {
      summary: 'Il provider hardware di copie shadow installato è troppo vecchio per questa operazione.',
      next: 'Aggiornare il provider VSS del produttore dello storage oppure usare il Provider di copie shadow software Microsoft.',
    },
  },
  {
    name: 'VSS_E_MISSING_DISK', value: 0x800423f8,
    en: { summary: 'A disk that the shadow copy needs did not appear.', next: DISK_EN },
    it: { summary: 'Un disco necessario alla copia shadow non è comparso.', next: DISK_IT },
  },
  {
    name: 'VSS_E_MISSING_HIDDEN_VOLUME', value: 0x800423f9,
    en: { summary: 'A hidden volume that the shadow copy needs did not appear.', next: DISK_EN },
    it: { summary: 'Un volume nascosto necessario alla copia shadow non è comparso.', next: DISK_IT },
  },
  {
    name: 'VSS_E_MISSING_VOLUME', value: 0x800423fa,
    en: { summary: 'A volume that the shadow copy needs did not appear.', next: DISK_EN },
    it: { summary: 'Un volume necessario alla copia shadow non è comparso.', next: DISK_IT },
  },
  {
    name: 'VSS_E_AUTORECOVERY_FAILED', value: 0x800423fb,
    en: {
      summary: 'Windows could not finish preparing the shadow copy after creating it, so it cannot be used.',
      next: `Delete this shadow copy and create a new one; ${EV_EN} may show the cause.`,
    },
    it: {
      summary: 'Windows non è riuscito a completare la preparazione della copia shadow dopo averla creata, quindi non è utilizzabile.',
      next: `Eliminare questa copia shadow e crearne una nuova; ${EV_IT} potrebbe indicarne la causa.`,
    },
  },
  {
    name: 'VSS_E_DYNAMIC_DISK_ERROR', value: 0x800423fc,
    en: {
      summary: 'Windows had a problem handling dynamic disks during this operation.',
      next: 'Check the dynamic disks in Disk Management (all should be online and without errors), then try again.',
    },
    it: {
      summary: 'Windows ha riscontrato un problema nella gestione dei dischi dinamici durante questa operazione.',
      next: 'Controllare i dischi dinamici in Gestione disco (devono risultare tutti online e senza errori), quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_NONTRANSPORTABLE_BCD', value: 0x800423fd,
    en: {
      summary: 'The backup description is for a shadow copy that cannot be moved to another computer, but this operation needs one that can.',
      next: 'Create the backup again as a transportable shadow copy, then retry.',
    },
    it: {
      summary: 'La descrizione del backup si riferisce a una copia shadow non trasportabile su un altro computer, mentre questa operazione ne richiede una trasportabile.',
      next: 'Ricreare il backup come copia shadow trasportabile, quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_CANNOT_REVERT_DISKID', value: 0x800423fe,
    en: {
      summary: "Windows could not restore a disk's original identity (its MBR signature or GPT ID).",
      next: 'Check the disk in Disk Management; if it is offline because of a signature collision, bring it online, then try again.',
    },
    it: {
      summary: "Windows non è riuscito a ripristinare l'identificativo originale di un disco (firma MBR o ID GPT).",
      next: 'Controllare il disco in Gestione disco; se è offline per un conflitto di firma, portarlo online e riprovare.',
    },
  },
  {
    name: 'VSS_E_RESYNC_IN_PROGRESS', value: 0x800423ff,
    en: { summary: 'Another disk resynchronization from a shadow copy is already running.', next: 'Wait for it to finish, then try again.' },
    it: { summary: "È già in corso un'altra risincronizzazione di un disco da una copia shadow.", next: 'Attenderne il termine, quindi riprovare.' },
  },
  {
    name: 'VSS_E_CLUSTER_ERROR', value: 0x80042400,
    en: {
      summary: "Windows could not list the cluster's disks or put them into maintenance mode.",
      next: "Check the cluster's health in Failover Cluster Manager, then try again.",
    },
    it: {
      summary: 'Windows non è riuscito a elencare i dischi del cluster o a metterli in modalità manutenzione.',
      next: 'Controllare lo stato del cluster in Gestione cluster di failover, quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_DISK_ASSIGNMENT_FAILED', value: 0x80042401,
    en: {
      summary: "System recovery could not match the backed-up disks to this computer's disks: there are too few, or they are too small.",
      next: 'Attach disks at least as large as the original ones, then start the recovery again.',
    },
    it: {
      summary: 'Il ripristino del sistema non è riuscito ad associare i dischi del backup ai dischi di questo computer: sono troppo pochi o troppo piccoli.',
      next: 'Collegare dischi grandi almeno quanto quelli originali, quindi avviare di nuovo il ripristino.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_DISK_RECREATION_FAILED', value: 0x80042402,
    en: {
      summary: 'System recovery could not recreate a disk it needs.',
      next: 'Check that the target disks work and are large enough, then start the recovery again.',
    },
    it: {
      summary: 'Il ripristino del sistema non è riuscito a ricreare un disco necessario.',
      next: 'Verificare che i dischi di destinazione funzionino e siano abbastanza grandi, quindi avviare di nuovo il ripristino.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_NO_ARCPATH', value: 0x80042403,
    en: {
      summary: 'The computer must be restarted to finish preparing a disk for system recovery.',
      next: 'Restart the computer, then start the recovery again.',
    },
    it: {
      summary: 'È necessario riavviare il computer per completare la preparazione di un disco per il ripristino del sistema.',
      next: 'Riavviare il computer, quindi avviare di nuovo il ripristino.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_MISSING_DYNDISK', value: 0x80042404,
    en: {
      summary: 'The backup failed because a disk belonging to a dynamic volume is missing.',
      next: 'Reconnect the missing disk (Disk Management marks it as missing) or repair the dynamic volume, then try again.',
    },
    it: {
      summary: 'Il backup non è riuscito perché manca un disco che fa parte di un volume dinamico.',
      next: 'Ricollegare il disco mancante (Gestione disco lo segnala come mancante) o riparare il volume dinamico, quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_SHARED_CRIDISK', value: 0x80042405,
    en: {
      summary: 'System recovery cannot back up this computer because a volume Windows needs to start is on a shared cluster disk.',
      next: "Move the system's critical volumes to a local disk.",
    },
    it: {
      summary: "Il ripristino del sistema non può eseguire il backup di questo computer perché un volume indispensabile all'avvio di Windows si trova su un disco condiviso del cluster.",
      next: 'Spostare i volumi critici del sistema su un disco locale.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_DATADISK_RDISK0', value: 0x80042406,
    en: {
      summary: 'A data disk is set as the startup disk in the BIOS, so system recovery cannot use it.',
      next: 'In the BIOS/UEFI setup, make another disk the startup disk, or clean the data disk with DiskPart (this erases everything on it), then retry the recovery.',
    },
    it: {
      summary: 'Un disco dati è impostato come disco di avvio nel BIOS, quindi il ripristino del sistema non può usarlo.',
      next: "Nella configurazione del BIOS/UEFI impostare un altro disco come disco di avvio oppure pulire il disco dati con DiskPart (l'operazione ne cancella tutto il contenuto), quindi ripetere il ripristino.",
    },
  },
  {
    name: 'VSS_E_ASRERROR_RDISK0_TOOSMALL', value: 0x80042407,
    en: {
      summary: 'The startup disk set in the BIOS is too small to hold the original system disk.',
      next: 'Replace it with a disk at least as large as the original system disk, then retry the recovery.',
    },
    it: {
      summary: 'Il disco di avvio impostato nel BIOS è troppo piccolo per contenere il disco di sistema originale.',
      next: 'Sostituirlo con un disco grande almeno quanto il disco di sistema originale, quindi ripetere il ripristino.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_CRITICAL_DISKS_TOO_SMALL', value: 0x80042408,
    en: {
      summary: 'There is not enough disk space on this computer to restore the system.',
      next: 'Add a disk, or replace a small disk with a larger one, then retry the recovery.',
    },
    it: {
      summary: 'Lo spazio su disco in questo computer non è sufficiente per ripristinare il sistema.',
      next: 'Aggiungere un disco o sostituire un disco piccolo con uno più grande, quindi ripetere il ripristino.',
    },
  },
  {
    name: 'VSS_E_WRITER_STATUS_NOT_AVAILABLE', value: 0x80042409,
    en: {
      summary: 'The status of one or more writers is not available; a writer may have too many backup or restore sessions open.',
      next: "Wait for running backups to finish, restart the affected writer's service, then check the Writers view again.",
    },
    it: {
      summary: 'Lo stato di uno o più writer non è disponibile; un writer potrebbe avere troppe sessioni di backup o ripristino aperte.',
      next: 'Attendere il termine dei backup in corso, riavviare il servizio del writer interessato e ricontrollare la vista Writer.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_DYNAMIC_VHD_NOT_SUPPORTED', value: 0x8004240a,
    en: {
      summary: 'A dynamic disk that Windows needs to start is a virtual hard disk (VHD), which system recovery does not support.',
      next: 'Move the critical volumes off the VHD-based dynamic disk, or use another backup method.',
    },
    it: {
      summary: "Un disco dinamico indispensabile all'avvio di Windows è un disco rigido virtuale (VHD), configurazione non supportata dal ripristino del sistema.",
      next: 'Spostare i volumi critici dal disco dinamico basato su VHD oppure usare un altro metodo di backup.',
    },
  },
  {
    name: 'VSS_E_CRITICAL_VOLUME_ON_INVALID_DISK', value: 0x80042411,
    en: {
      summary: 'A volume Windows needs to start is on a disk that system recovery cannot back up.',
      next: 'Move the critical volume to a supported local disk, or use another backup method.',
    },
    it: {
      summary: "Un volume indispensabile all'avvio di Windows si trova su un disco di cui il ripristino del sistema non può eseguire il backup.",
      next: 'Spostare il volume critico su un disco locale supportato oppure usare un altro metodo di backup.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_RDISK_FOR_SYSTEM_DISK_NOT_FOUND', value: 0x80042412,
    en: {
      summary: 'No disk on this computer can be used to recover the system disk.',
      next: 'Make sure a large enough disk is attached and not excluded from the recovery, then try again.',
    },
    it: {
      summary: 'Nessun disco di questo computer può essere usato per ripristinare il disco di sistema.',
      next: 'Verificare che sia collegato un disco abbastanza grande e che non sia escluso dal ripristino, quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_ASRERROR_NO_PHYSICAL_DISK_AVAILABLE', value: 0x80042413,
    en: { summary: 'System recovery found no fixed disk to restore onto.', next: 'Attach an internal (fixed) disk, then try again.' },
    it: { summary: 'Il ripristino del sistema non ha trovato alcun disco fisso su cui ripristinare.', next: 'Collegare un disco interno (fisso), quindi riprovare.' },
  },
  {
    name: 'VSS_E_ASRERROR_FIXED_PHYSICAL_DISK_AVAILABLE_AFTER_DISK_EXCLUSION', value: 0x80042414,
    en: { summary: 'Once the excluded disks are left out, no usable disk remains for system recovery.', next: 'Exclude fewer disks, or attach another disk, then try again.' },
    it: { summary: 'Escludendo i dischi indicati, non rimane alcun disco utilizzabile per il ripristino del sistema.', next: 'Escludere meno dischi o collegarne un altro, quindi riprovare.' },
  },
  {
    name: 'VSS_E_ASRERROR_CRITICAL_DISK_CANNOT_BE_EXCLUDED', value: 0x80042415,
    en: { summary: 'A disk that Windows needs to start was excluded from system recovery.', next: 'Remove that disk from the exclusion list, then try again.' },
    it: { summary: "Un disco indispensabile all'avvio di Windows è stato escluso dal ripristino del sistema.", next: "Rimuovere quel disco dall'elenco delle esclusioni, quindi riprovare." },
  },
  {
    name: 'VSS_E_ASRERROR_SYSTEM_PARTITION_HIDDEN', value: 0x80042416,
    en: {
      summary: 'The system partition (System Reserved) is hidden or uses a file system Windows does not recognize, so it cannot be backed up.',
      next: 'Make the system partition visible again (for example with DiskPart) and make sure it uses a supported file system, then try again.',
    },
    it: {
      summary: 'La partizione di sistema (Riservato per il sistema) è nascosta o usa un file system non riconosciuto, quindi non è possibile eseguirne il backup.',
      next: 'Rendere di nuovo visibile la partizione di sistema (ad esempio con DiskPart) e verificare che usi un file system supportato, quindi riprovare.',
    },
  },
  {
    name: 'VSS_E_FSS_TIMEOUT', value: 0x80042417,
    en: {
      summary: 'A shadow copy of a network share was not ready in time.',
      next: "Check the file server and the network, then try again; the server's File Server VSS Agent Service events may say more.",
    },
    it: {
      summary: 'La copia shadow di una condivisione di rete non è stata pronta in tempo.',
      next: 'Verificare il file server e la rete, quindi riprovare; gli eventi del servizio File Server VSS Agent Service sul server potrebbero fornire più dettagli.',
    },
  },

  // ---- Generic COM / Win32 errors ----
  {
    name: 'E_ACCESSDENIED', value: 0x80070005,
    en: {
      summary: 'Access was denied: this action needs administrator rights.',
      next: 'Run ShadowDesk as administrator (right-click it and choose Run as administrator), or sign in with an administrator or backup operator account.',
    },
    it: {
      summary: 'Accesso negato: questa azione richiede i privilegi di amministratore.',
      next: 'Avviare ShadowDesk come amministratore (fare clic con il pulsante destro e scegliere Esegui come amministratore) oppure accedere con un account di amministratore o di operatore di backup.',
    },
  },
  {
    name: 'E_INVALIDARG', value: 0x80070057,
    en: {
      summary: 'Windows rejected one of the values it was given as not valid.',
      next: 'Check the volume, size or option you entered and try again; if you entered nothing, report it as a ShadowDesk bug with this code.',
    },
    it: {
      summary: 'Windows ha rifiutato uno dei valori ricevuti perché non valido.',
      next: "Controllare il volume, la dimensione o l'opzione immessi e riprovare; se non è stato immesso nulla, segnalarlo come bug di ShadowDesk indicando questo codice.",
    },
  },
  {
    name: 'E_OUTOFMEMORY', value: 0x8007000e,
    en: { summary: 'Windows ran out of memory for this operation.', next: 'Close programs you do not need and try again; if it keeps happening, restart the computer.' },
    it: { summary: 'Windows ha esaurito la memoria per questa operazione.', next: 'Chiudere i programmi non necessari e riprovare; se si ripete, riavviare il computer.' },
  },
  {
    name: 'E_UNEXPECTED', value: 0x8000ffff,
    en: {
      summary: 'An unexpected error occurred in the shadow copy system.',
      next: `Look in ${EV_EN} for VSS errors from the same time, restart the ${VSS_EN} service, then try again.`,
    },
    it: {
      summary: 'Si è verificato un errore imprevisto nel sistema delle copie shadow.',
      next: `Cercare gli errori VSS dello stesso momento in ${EV_IT}, riavviare il servizio ${VSS_IT} e riprovare.`,
    },
  },
  {
    name: 'E_NOTIMPL', value: 0x80004001,
    en: { summary: 'This version of Windows does not provide this function.', next: 'Choose another option, or do this on a newer version of Windows.' },
    it: { summary: 'Questa versione di Windows non fornisce questa funzione.', next: "Scegliere un'altra opzione oppure eseguire l'operazione in una versione più recente di Windows." },
  },
  {
    name: 'E_NOINTERFACE', value: 0x80004002,
    en: {
      summary: 'A Windows component did not offer the function ShadowDesk expected; it may be missing or damaged.',
      next: "Restart the computer; if it persists, repair Windows system files (run 'sfc /scannow' as administrator).",
    },
    it: {
      summary: 'Un componente di Windows non ha fornito la funzione prevista da ShadowDesk; potrebbe essere mancante o danneggiato.',
      next: "Riavviare il computer; se il problema persiste, riparare i file di sistema di Windows (eseguire 'sfc /scannow' come amministratore).",
    },
  },
  {
    name: 'E_POINTER', value: 0x80004003,
    en: { summary: 'An internal error occurred: a required value was missing.', next: BUG_EN },
    it: { summary: 'Si è verificato un errore interno: mancava un valore necessario.', next: BUG_IT },
  },
  {
    name: 'E_FAIL', value: 0x80004005,
    en: { summary: 'The operation failed for an unspecified reason.', next: `Try again; if it fails again, look in ${EV_EN} for errors from the same time.` },
    it: { summary: "L'operazione non è riuscita per un motivo non specificato.", next: `Riprovare; se non riesce di nuovo, cercare in ${EV_IT} gli errori dello stesso momento.` },
  },
  {
    name: 'REGDB_E_CLASSNOTREG', value: 0x80040154,
    en: {
      summary: 'A Windows component that ShadowDesk needs is not registered on this computer.',
      next: `Check in Services that ${VSS_EN} and ${SWPRV_EN} are present and not disabled; if they are missing, repair Windows system files (run 'sfc /scannow' as administrator).`,
    },
    it: {
      summary: 'Un componente di Windows necessario a ShadowDesk non è registrato in questo computer.',
      next: `Verificare in Servizi che ${VSS_IT} e ${SWPRV_IT} siano presenti e non disabilitati; se mancano, riparare i file di sistema di Windows (eseguire 'sfc /scannow' come amministratore).`,
    },
  },
  {
    name: 'CO_E_NOTINITIALIZED', value: 0x800401f0,
    en: { summary: 'ShadowDesk tried to use Windows components before setting up its connection to them.', next: BUG_EN },
    it: { summary: 'ShadowDesk ha tentato di usare componenti di Windows prima di aver stabilito la connessione con essi.', next: BUG_IT },
  },
  {
    name: 'RPC_E_CHANGED_MODE', value: 0x80010106,
    en: {
      summary: "Windows' component system (COM) was already set up in a different mode for this part of ShadowDesk.",
      next: 'ShadowDesk normally handles this by itself; if you see it, restart ShadowDesk and report it as a bug if it comes back.',
    },
    it: {
      summary: 'Il sistema dei componenti di Windows (COM) era già stato configurato in una modalità diversa per questa parte di ShadowDesk.',
      next: 'Di norma ShadowDesk gestisce la situazione da solo; se compare, riavviare ShadowDesk e segnalarlo come bug se si ripresenta.',
    },
  },
  {
    name: 'RPC_E_TOO_LATE', value: 0x80010119,
    en: {
      summary: "The security settings of Windows' component system (COM) had already been fixed for ShadowDesk and could not be changed.",
      next: 'ShadowDesk normally handles this by itself; if you see it, restart ShadowDesk and report it as a bug if it comes back.',
    },
    it: {
      summary: 'Le impostazioni di sicurezza del sistema dei componenti di Windows (COM) erano già state definite per ShadowDesk e non è stato possibile modificarle.',
      next: 'Di norma ShadowDesk gestisce la situazione da solo; se compare, riavviare ShadowDesk e segnalarlo come bug se si ripresenta.',
    },
  },
  // Win32 errors wrapped as HRESULT_FROM_WIN32(code) = 0x8007xxxx; named after the Win32 error people search for.
  {
    name: 'E_NOT_SUFFICIENT_BUFFER', value: 0x8007007a,
    en: { summary: 'Windows had more data to return than ShadowDesk had room for.', next: BUG_EN },
    it: { summary: 'Windows aveva più dati da restituire di quanti ShadowDesk potesse riceverne.', next: BUG_IT },
  },
  {
    name: 'ERROR_FILE_NOT_FOUND', value: 0x80070002,
    en: {
      summary: 'A file that was needed could not be found; it may have been moved, renamed or deleted.',
      next: 'Refresh the view, check the file name and location, then try again.',
    },
    it: {
      summary: 'Non è stato possibile trovare un file necessario; potrebbe essere stato spostato, rinominato o eliminato.',
      next: 'Aggiornare la vista, verificare il nome e il percorso del file, quindi riprovare.',
    },
  },
  {
    name: 'ERROR_PATH_NOT_FOUND', value: 0x80070003,
    en: {
      summary: 'A folder or path could not be found; the drive or shadow copy may no longer exist.',
      next: 'Refresh the list (the shadow copy may have been deleted) and check that the drive is still connected, then try again.',
    },
    it: {
      summary: "Non è stato possibile trovare una cartella o un percorso; l'unità o la copia shadow potrebbero non esistere più.",
      next: "Aggiornare l'elenco (la copia shadow potrebbe essere stata eliminata) e verificare che l'unità sia ancora collegata, quindi riprovare.",
    },
  },
  {
    name: 'ERROR_SHARING_VIOLATION', value: 0x80070020,
    en: {
      summary: 'The file is in use by another program, so it cannot be opened or replaced right now.',
      next: 'Close the program that has the file open (for example, a document open in Word), then try again.',
    },
    it: {
      summary: 'Il file è in uso da parte di un altro programma e al momento non può essere aperto o sostituito.',
      next: 'Chiudere il programma che tiene aperto il file (ad esempio un documento aperto in Word), quindi riprovare.',
    },
  },
  {
    name: 'ERROR_DISK_FULL', value: 0x80070070,
    en: { summary: 'There is not enough free space on the disk.', next: 'Free up space on the destination drive, or choose another destination, then try again.' },
    it: { summary: 'Lo spazio libero sul disco non è sufficiente.', next: "Liberare spazio sull'unità di destinazione oppure scegliere un'altra destinazione, quindi riprovare." },
  },
];

/**
 * A VSS_WRITER_STATE with its words. `severity` lets the Writers view and the health check colour and
 * sort writers without hard-coding state numbers.
 */
export interface WriterStateEntry {
  readonly code: number;
  /** e.g. 'STABLE', 'FAILED_AT_FREEZE' (no VSS_WS_ prefix, as vssadmin prints it). */
  readonly name: string;
  readonly severity: 'ok' | 'busy' | 'failed' | 'unknown';
  readonly en: CatalogText;
  readonly it: CatalogText;
}

const BUSY_NEXT_EN = 'Wait for the backup to finish. If no backup is running and the writer stays like this, restart the service that hosts it.';
const BUSY_NEXT_IT = 'Attendere il termine del backup. Se non è in corso alcun backup e il writer resta in questo stato, riavviare il servizio che lo ospita.';
const FAILED_NEXT_EN = `Restart the service that hosts this writer (shown in the Writers view), then check the writer again; if it fails again, look in ${EV_EN} for its errors.`;
const FAILED_NEXT_IT = `Riavviare il servizio che ospita questo writer (indicato nella vista Writer), quindi ricontrollare il writer; se non riesce di nuovo, cercarne gli errori in ${EV_IT}.`;
const COPY_NEXT_EN = 'Restart the service that hosts this writer (shown in the Writers view), check that the writer is Stable again, then create a new shadow copy.';
const COPY_NEXT_IT = 'Riavviare il servizio che ospita questo writer (indicato nella vista Writer), verificare che il writer sia di nuovo stabile, quindi creare una nuova copia shadow.';
const RESTORE_NEXT_EN = 'Restart the service that hosts this writer (shown in the Writers view), check that the writer is Stable again, then run the restore again.';
const RESTORE_NEXT_IT = 'Riavviare il servizio che ospita questo writer (indicato nella vista Writer), verificare che il writer sia di nuovo stabile, quindi ripetere il ripristino.';

/**
 * Every VSS_WRITER_STATE (0..15) explained: what it means for the backup or shadow copy, and what to
 * do, so "[9] Failed" becomes a sentence a helpdesk can act on.
 */
export const WRITER_STATE_CATALOG: readonly WriterStateEntry[] = [
  {
    code: 0, name: 'UNKNOWN', severity: 'unknown',
    en: { summary: "The writer's state could not be determined.", next: 'Refresh the Writers view; if the state stays unknown, restart the service that hosts the writer.' },
    it: { summary: 'Non è stato possibile determinare lo stato del writer.', next: 'Aggiornare la vista Writer; se lo stato resta sconosciuto, riavviare il servizio che ospita il writer.' },
  },
  {
    code: 1, name: 'STABLE', severity: 'ok',
    en: { summary: 'The writer is ready and working normally.', next: '' },
    it: { summary: 'Il writer è pronto e funziona normalmente.', next: '' },
  },
  {
    code: 2, name: 'WAITING_FOR_FREEZE', severity: 'busy',
    en: { summary: "A backup or shadow copy is in progress: the writer is waiting to pause its application's writes.", next: BUSY_NEXT_EN },
    it: { summary: 'È in corso un backup o una copia shadow: il writer è in attesa di sospendere le scritture della propria applicazione.', next: BUSY_NEXT_IT },
  },
  {
    code: 3, name: 'WAITING_FOR_THAW', severity: 'busy',
    en: { summary: "A shadow copy is being taken: the writer has paused its application's writes and is waiting to resume them.", next: BUSY_NEXT_EN },
    it: { summary: 'È in corso la creazione di una copia shadow: il writer ha sospeso le scritture della propria applicazione e attende di riprenderle.', next: BUSY_NEXT_IT },
  },
  {
    code: 4, name: 'WAITING_FOR_POST_SNAPSHOT', severity: 'busy',
    en: { summary: 'The shadow copy has been taken; the writer is waiting to finish its follow-up work.', next: BUSY_NEXT_EN },
    it: { summary: 'La copia shadow è stata creata; il writer attende di completare le operazioni successive.', next: BUSY_NEXT_IT },
  },
  {
    code: 5, name: 'WAITING_FOR_BACKUP_COMPLETE', severity: 'busy',
    en: { summary: 'The shadow copy is done; the writer is waiting for the backup program to report that the backup is complete.', next: BUSY_NEXT_EN },
    it: { summary: 'La copia shadow è stata completata; il writer attende che il programma di backup segnali la fine del backup.', next: BUSY_NEXT_IT },
  },
  {
    code: 6, name: 'FAILED_AT_IDENTIFY', severity: 'failed',
    en: { summary: 'The writer failed when asked to describe its data, so backups cannot include its application.', next: FAILED_NEXT_EN },
    it: { summary: 'Il writer non è riuscito a descrivere i propri dati quando richiesto, quindi i backup non possono includere la sua applicazione.', next: FAILED_NEXT_IT },
  },
  {
    code: 7, name: 'FAILED_AT_PREPARE_BACKUP', severity: 'failed',
    en: { summary: "The writer failed while getting ready for a backup; its application's data will not be in that backup.", next: FAILED_NEXT_EN },
    it: { summary: 'Il writer non è riuscito a prepararsi per un backup; i dati della sua applicazione non saranno inclusi in quel backup.', next: FAILED_NEXT_IT },
  },
  {
    code: 8, name: 'FAILED_AT_PREPARE_SNAPSHOT', severity: 'failed',
    en: { summary: "The writer failed while getting ready for the shadow copy; its application's data in that copy may not be consistent.", next: COPY_NEXT_EN },
    it: { summary: 'Il writer non è riuscito a prepararsi per la copia shadow; i dati della sua applicazione in quella copia potrebbero non essere coerenti.', next: COPY_NEXT_IT },
  },
  {
    code: 9, name: 'FAILED_AT_FREEZE', severity: 'failed',
    en: {
      summary: "The writer could not pause its application's writes, so the shadow copy may not be application-consistent (the data may need repair after a restore).",
      next: COPY_NEXT_EN,
    },
    it: {
      summary: 'Il writer non è riuscito a sospendere le scritture della propria applicazione, quindi la copia shadow potrebbe non essere coerente a livello di applicazione (i dati potrebbero richiedere una riparazione dopo il ripristino).',
      next: COPY_NEXT_IT,
    },
  },
  {
    code: 10, name: 'FAILED_AT_THAW', severity: 'failed',
    en: {
      summary: "The writer failed when resuming its application's writes after the shadow copy, often because the copy took too long; the copy may not be application-consistent.",
      next: COPY_NEXT_EN,
    },
    it: {
      summary: 'Il writer non è riuscito a riprendere le scritture della propria applicazione dopo la copia shadow, spesso perché la copia ha richiesto troppo tempo; la copia potrebbe non essere coerente a livello di applicazione.',
      next: COPY_NEXT_IT,
    },
  },
  {
    code: 11, name: 'FAILED_AT_POST_SNAPSHOT', severity: 'failed',
    en: { summary: 'The writer failed during its follow-up work after the shadow copy; its data in the copy may be incomplete.', next: COPY_NEXT_EN },
    it: { summary: 'Il writer non è riuscito a completare le operazioni successive alla copia shadow; i suoi dati nella copia potrebbero essere incompleti.', next: COPY_NEXT_IT },
  },
  {
    code: 12, name: 'FAILED_AT_BACKUP_COMPLETE', severity: 'failed',
    en: {
      summary: 'The writer failed at the end of the backup; the copied data is usually fine, but the application may not record the backup (for example, its logs may not be truncated).',
      next: FAILED_NEXT_EN,
    },
    it: {
      summary: "Il writer non è riuscito a completare la fase finale del backup; in genere i dati copiati sono validi, ma l'applicazione potrebbe non registrare il backup (ad esempio, i suoi log potrebbero non essere troncati).",
      next: FAILED_NEXT_IT,
    },
  },
  {
    code: 13, name: 'FAILED_AT_PRE_RESTORE', severity: 'failed',
    en: { summary: 'The writer failed while getting ready for a restore, so its data was not restored.', next: RESTORE_NEXT_EN },
    it: { summary: 'Il writer non è riuscito a prepararsi per un ripristino, quindi i suoi dati non sono stati ripristinati.', next: RESTORE_NEXT_IT },
  },
  {
    code: 14, name: 'FAILED_AT_POST_RESTORE', severity: 'failed',
    en: { summary: 'The writer failed after a restore; its restored data may not be fully usable yet.', next: RESTORE_NEXT_EN },
    it: { summary: 'Il writer non è riuscito a completare le operazioni successive a un ripristino; i dati ripristinati potrebbero non essere ancora del tutto utilizzabili.', next: RESTORE_NEXT_IT },
  },
  {
    code: 15, name: 'FAILED_AT_BACKUPSHUTDOWN', severity: 'failed',
    en: { summary: 'The writer failed while the backup program was closing; the backup itself has usually completed.', next: FAILED_NEXT_EN },
    it: { summary: 'Il writer non ha funzionato correttamente durante la chiusura del programma di backup; in genere il backup è comunque stato completato.', next: FAILED_NEXT_IT },
  },
];

/** Well-known Windows writers and the Windows service that hosts each one, so the UI can say which service to restart. */
export interface KnownWriter {
  /** Lowercase GUID without braces. */
  readonly writerId: string;
  readonly name: string;
  /** Service short name, e.g. 'Winmgmt'. */
  readonly service: string;
  /** e.g. 'Windows Management Instrumentation'. */
  readonly serviceDisplayName: string;
}

/**
 * Writer id → hosting service, for the "restart this service" advice. Ids are from Microsoft's
 * In-Box VSS Writers page and checked against real `vssadmin list writers` output; writers whose
 * hosting service we could not pin down (NPS, AD FS, AD LDS, AD RMS, Sync Share, Dedup) are left out.
 */
export const KNOWN_WRITERS: readonly KnownWriter[] = [
  { writerId: 'e8132975-6f93-4464-a53e-1050253ae220', name: 'System Writer', service: 'CryptSvc', serviceDisplayName: 'Cryptographic Services' },
  { writerId: 'afbab4a2-367d-4d15-a586-71dbb18f8485', name: 'Registry Writer', service: 'VSS', serviceDisplayName: 'Volume Shadow Copy' },
  { writerId: 'a6ad56c2-b509-4e6c-bb19-49d8f43532f0', name: 'WMI Writer', service: 'Winmgmt', serviceDisplayName: 'Windows Management Instrumentation' },
  { writerId: '542da469-d3e1-473c-9f4f-7847f01fc64f', name: 'COM+ REGDB Writer', service: 'VSS', serviceDisplayName: 'Volume Shadow Copy' },
  { writerId: 'be000cbe-11fe-4426-9c58-531aa6355fc4', name: 'ASR Writer', service: 'VSS', serviceDisplayName: 'Volume Shadow Copy' },
  { writerId: '4dc3bdd4-ab48-4d07-adb0-3bee2926fd7f', name: 'Shadow Copy Optimization Writer', service: 'VSS', serviceDisplayName: 'Volume Shadow Copy' },
  // Microsoft's page prints ...cdc062; every real vssadmin listing and the localized pages say ...cdc0b2.
  { writerId: 'cd3f2362-8bef-46c7-9181-d62844cdc0b2', name: 'MSSearch Service Writer', service: 'WSearch', serviceDisplayName: 'Windows Search' },
  { writerId: '4969d978-be47-48b0-b100-f328f07ac1e0', name: 'BITS Writer', service: 'BITS', serviceDisplayName: 'Background Intelligent Transfer Service' },
  // Windows does not let administrators stop Task Scheduler from Services; restarting the computer is the practical reset.
  { writerId: 'd61d61c8-d73a-4eee-8cdd-f6f9786b7124', name: 'Task Scheduler Writer', service: 'Schedule', serviceDisplayName: 'Task Scheduler' },
  { writerId: '75dfb225-e2e4-4d39-9ac9-ffaff65ddf06', name: 'VSS Metadata Store Writer', service: 'VSS', serviceDisplayName: 'Volume Shadow Copy' },
  { writerId: '0bada1de-01a9-4625-8278-69e735f39dd2', name: 'Performance Counters Writer', service: 'VSS', serviceDisplayName: 'Volume Shadow Copy' },
  { writerId: '2a40fd15-dfca-4aa8-a654-1f8c654603f6', name: 'IIS Config Writer', service: 'AppHostSvc', serviceDisplayName: 'Application Host Helper Service' },
  { writerId: '59b1f0cf-90ef-465f-9609-6ca8b2938366', name: 'IIS Metabase Writer', service: 'IISADMIN', serviceDisplayName: 'IIS Admin Service' },
  { writerId: 'a65faa63-5ea8-4ebc-9dbd-a0c4db26912a', name: 'SqlServerWriter', service: 'SQLWriter', serviceDisplayName: 'SQL Server VSS Writer' },
  // Exchange 2013 and later host this writer in the Replication service; Exchange 2007/2010 had it in
  // the Information Store (MSExchangeIS) too, under the same id.
  { writerId: '76fe1ac4-15f7-4bcd-987e-8e1acb462fb7', name: 'Microsoft Exchange Writer', service: 'MSExchangeRepl', serviceDisplayName: 'Microsoft Exchange Replication' },
  { writerId: '66841cd4-6ded-4f4b-8f17-fd23f8ddc3de', name: 'Microsoft Hyper-V VSS Writer', service: 'vmms', serviceDisplayName: 'Hyper-V Virtual Machine Management' },
  { writerId: 'b2014c9e-8711-4c5c-a5a9-3cf384484757', name: 'NTDS', service: 'NTDS', serviceDisplayName: 'Active Directory Domain Services' },
  { writerId: '2707761b-2324-473d-88eb-eb007a359533', name: 'DFS Replication service writer', service: 'DFSR', serviceDisplayName: 'DFS Replication' },
  { writerId: 'be9ac81e-3619-421f-920f-4c6fea9e93ad', name: 'Dhcp Jet Writer', service: 'DHCPServer', serviceDisplayName: 'DHCP Server' },
  { writerId: 'd76f5a28-3092-4589-ba48-2958fb88ce29', name: 'FRS Writer', service: 'NtFrs', serviceDisplayName: 'File Replication' },
  { writerId: '41e12264-35d8-479b-8e5c-9b23d1dad37e', name: 'Cluster Database', service: 'ClusSvc', serviceDisplayName: 'Cluster Service' },
  { writerId: '1072ae1c-e5a7-4ea1-9e4a-6f7964656570', name: 'Cluster Shared Volume VSS Writer', service: 'ClusSvc', serviceDisplayName: 'Cluster Service' },
  { writerId: '6f5b15b5-da24-4d88-b737-63063e3a1f86', name: 'Certificate Authority', service: 'CertSvc', serviceDisplayName: 'Active Directory Certificate Services' },
  { writerId: '12ce4370-5bb7-4c58-a76a-e5d5097e3674', name: 'FSRM Writer', service: 'SrmSvc', serviceDisplayName: 'File Server Resource Manager' },
  { writerId: 'f08c1483-8407-4a26-8c26-6c267a629741', name: 'WINS Jet Writer', service: 'WINS', serviceDisplayName: 'Windows Internet Name Service (WINS)' },
  { writerId: '5382579c-98df-47a7-ac6c-98a6d7106e09', name: 'TermServLicensing', service: 'TermServLicensing', serviceDisplayName: 'Remote Desktop Licensing' },
  { writerId: '368753ec-572e-4fc7-b4b9-ccd9bdc624cb', name: 'TS Gateway Writer', service: 'TSGateway', serviceDisplayName: 'Remote Desktop Gateway' },
  { writerId: '82cb5521-68db-4626-83a4-7fc6f88853e9', name: 'WDS VSS Writer', service: 'WDSServer', serviceDisplayName: 'Windows Deployment Services Server' },
  { writerId: '8d5194e1-e455-434a-b2e5-51296cce67df', name: 'WIDWriter', service: 'WIDWriter', serviceDisplayName: 'Windows Internal Database VSS Writer' },
  { writerId: '7e47b561-971a-46e6-96b9-696eeaa53b2a', name: 'MSMQ Writer (MSMQ)', service: 'MSMQ', serviceDisplayName: 'Message Queuing' },
];
