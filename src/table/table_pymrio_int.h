/* Internal: pymrio's text layout, shared by its reader (table_pymrio.c) and writer (table_pymrio_write.c). */
#ifndef TSC_TABLE_PYMRIO_INT_H
#define TSC_TABLE_PYMRIO_INT_H

/* The parameter file of a system or an extension folder, and its "systemtype" values. */
#define PYMRIO_PARAMS "file_parameters.json"
#define PYMRIO_METADATA "metadata.json"
#define PYMRIO_SYSTEM "IOSystem"
#define PYMRIO_EXTENSION "Extension"
/* The extension that holds value added (pymrio's parsers of OECD and WIOD, and its test system, name it so): its
 * accounts summed by column are va. */
#define PYMRIO_VA_EXT "factor_inputs"
/* The one account of the factor_inputs extension tariffscope writes for a table's va (and reads back as va only). */
#define PYMRIO_VA_ACCOUNT "VA"
/* A factor_inputs extension of the table whose column sums are not its va is written under this folder name. */
#define PYMRIO_VA_EXT_RENAMED "factor_inputs_accounts"
/* An account with several index levels (pymrio's (stressor, compartment)) is named by its labels joined by this; the
 * writer splits the names back into levels when every account of an extension has the same number of them. */
#define PYMRIO_LEVEL_SEP "|"
/* x.txt's one column, as pymrio names gross output. */
#define PYMRIO_X_COL "indout"

#endif
