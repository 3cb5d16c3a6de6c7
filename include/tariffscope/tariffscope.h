/* tariffscope: input-output accounting and tariff propagation on inter-country input-output tables. */
#ifndef TARIFFSCOPE_H
#define TARIFFSCOPE_H

#define TSC_VERSION "0.1.0"

#include "tariffscope/accounts.h"
#include "tariffscope/alloc.h"
#include "tariffscope/blas.h"
#include "tariffscope/date.h"
#include "tariffscope/decomp.h"
#include "tariffscope/error.h"
#include "tariffscope/extension.h"
#include "tariffscope/h5.h"
#include "tariffscope/ge.h"
#include "tariffscope/leontief.h"
#include "tariffscope/mat.h"
#include "tariffscope/numfmt.h"
#include "tariffscope/output.h"
#include "tariffscope/progress.h"
#include "tariffscope/report.h"
#include "tariffscope/run.h"
#include "tariffscope/scenario.h"
#include "tariffscope/schedule.h"
#include "tariffscope/shock.h"
#include "tariffscope/suggest.h"
#include "tariffscope/table.h"
#include "tariffscope/tariffs.h"
#include "tariffscope/update.h"
#include "tariffscope/writer.h"

#endif
