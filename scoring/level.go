package scoring

import "github.com/hipaarisk/hipaarisk/questionnaire"

// riskMatrix is NIST SP 800-30 Rev. 1 Table I-2, indexed
// [likelihood-1][impact-1] from Very Low to Very High.
var riskMatrix = [5][5]questionnaire.Level{
	{questionnaire.VeryLow, questionnaire.VeryLow, questionnaire.VeryLow, questionnaire.Low, questionnaire.Low},    // likelihood Very Low
	{questionnaire.VeryLow, questionnaire.Low, questionnaire.Low, questionnaire.Low, questionnaire.Moderate},       // Low
	{questionnaire.VeryLow, questionnaire.Low, questionnaire.Moderate, questionnaire.Moderate, questionnaire.High}, // Moderate
	{questionnaire.VeryLow, questionnaire.Low, questionnaire.Moderate, questionnaire.High, questionnaire.VeryHigh}, // High
	{questionnaire.VeryLow, questionnaire.Low, questionnaire.Moderate, questionnaire.High, questionnaire.VeryHigh}, // Very High
}

// RiskLevel is the level of risk for a likelihood and an impact, from NIST
// SP 800-30 Rev. 1 Table I-2. It returns LevelUnset when either input is not
// one of the five levels.
func RiskLevel(likelihood, impact questionnaire.Level) questionnaire.Level {
	if !likelihood.Valid() || !impact.Valid() {
		return questionnaire.LevelUnset
	}
	return riskMatrix[likelihood-1][impact-1]
}

// clamp keeps a level on the five-level scale.
func clamp(l questionnaire.Level) questionnaire.Level {
	return max(questionnaire.VeryLow, min(questionnaire.VeryHigh, l))
}
