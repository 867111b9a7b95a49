package scoring

import "github.com/hipaarisk/hipaarisk/assessment"

// riskMatrix is NIST SP 800-30 Rev. 1 Table I-2, indexed
// [likelihood-1][impact-1] from Very Low to Very High.
var riskMatrix = [5][5]assessment.Level{
	{assessment.VeryLow, assessment.VeryLow, assessment.VeryLow, assessment.Low, assessment.Low},    // likelihood Very Low
	{assessment.VeryLow, assessment.Low, assessment.Low, assessment.Low, assessment.Moderate},       // Low
	{assessment.VeryLow, assessment.Low, assessment.Moderate, assessment.Moderate, assessment.High}, // Moderate
	{assessment.VeryLow, assessment.Low, assessment.Moderate, assessment.High, assessment.VeryHigh}, // High
	{assessment.VeryLow, assessment.Low, assessment.Moderate, assessment.High, assessment.VeryHigh}, // Very High
}

// RiskLevel is the level of risk for a likelihood and an impact, from NIST
// SP 800-30 Rev. 1 Table I-2. It returns LevelUnset when either input is not
// one of the five levels.
func RiskLevel(likelihood, impact assessment.Level) assessment.Level {
	if !likelihood.Valid() || !impact.Valid() {
		return assessment.LevelUnset
	}
	return riskMatrix[likelihood-1][impact-1]
}
