#ifndef fluxion_postprocess_errors_h
#define fluxion_postprocess_errors_h

#include <fluxion/core/parsed_expression.h>
#include <fluxion/postprocess/interface.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace Fluxion
{
  /**
   * The L2 norm and the H1 seminorm of the error of one field (by default
   * the first; <Field>, <Exact solution>) or of several (<Exact
   * solutions>) against exact solutions given as expressions of x, y, z
   * and t. Errors of logarithmic fields are those of their values.
   */
  template <int dim>
  class Errors : public Postprocessor<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool                   write_files,
            const std::string           &directory) override;

    void
    check_fields(const FieldDescriptions &fields) const override;

  private:
    /**
     * The index of the field @p name among @p fields (the first if empty).
     */
    unsigned int
    field_index(const FieldDescriptions &fields, const std::string &name) const;

    /**
     * The L2 norm and H1 seminorm of the error of field @p f against
     * @p solution.
     */
    std::pair<double, double>
    error_norms(const PhysicsInterface<dim> &physics,
                const unsigned int           f,
                const ParsedExpression<dim> &solution) const;

    /// The fields and their exact solutions.
    std::vector<std::pair<std::string, std::unique_ptr<ParsedExpression<dim>>>>
      exact;
    /// Whether they come from <Exact solutions>.
    bool named = false;
  };
} // namespace Fluxion

#endif
